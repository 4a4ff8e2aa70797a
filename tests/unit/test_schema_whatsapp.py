"""provider/schema.py mapping features the WhatsApp resources rely on: spread lists, read paths, create-only
values, "not set" markers and PATCH nulls, through the real sender and account declarations."""

from __future__ import annotations

from typing import Any

import pytest
from tf.types import Unknown

from provider.schema import from_api, to_api
from resources.whatsapp_account import WhatsappAccount
from resources.whatsapp_sender import WhatsappSender

SENDER = WhatsappSender.attributes
ACCOUNT = WhatsappAccount.attributes
SITE_1 = "https://one.example.com"
SITE_2 = "https://two.example.com"


def sender_state(**values: Any) -> dict[str, Any]:
    state: dict[str, Any] = {a.name: None for a in SENDER}
    state.update(values)
    return state


# ----------------------------------------------------------------------------------------------
# websites <-> details.websiteOne / details.websiteTwo
# ----------------------------------------------------------------------------------------------


def test_two_websites_are_spread_over_numbered_fields() -> None:
    body = to_api(SENDER, sender_state(websites=[SITE_1, SITE_2]), include=["websites"])
    assert body == {"details": {"websiteOne": SITE_1, "websiteTwo": SITE_2}}


def test_one_website_fills_only_the_first_field() -> None:
    body = to_api(SENDER, sender_state(websites=[SITE_1]), include=["websites"])
    assert body == {"details": {"websiteOne": SITE_1}}


@pytest.mark.parametrize("websites", [None, Unknown])
def test_no_websites_send_nothing(websites: Any) -> None:
    assert to_api(SENDER, sender_state(websites=websites), include=["websites"]) == {}


def test_nulls_clear_the_second_website_when_one_is_left() -> None:
    body = to_api(SENDER, sender_state(websites=[SITE_1]), include=["websites"], create=False, nulls=True)
    assert body == {"details": {"websiteOne": SITE_1, "websiteTwo": None}}


def test_nulls_clear_both_websites_when_none_are_left() -> None:
    body = to_api(SENDER, sender_state(websites=None), include=["websites"], create=False, nulls=True)
    assert body == {"details": {"websiteOne": None, "websiteTwo": None}}


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        ({"websiteOne": SITE_1, "websiteTwo": SITE_2}, [SITE_1, SITE_2]),
        ({"websiteOne": SITE_1}, [SITE_1]),
        ({"websiteOne": SITE_1, "websiteTwo": None}, [SITE_1]),
        ({"websiteTwo": SITE_2}, [SITE_2]),  # a gap is closed: the list has no holes
        ({}, None),
        ({"websiteOne": None, "websiteTwo": None}, None),
    ],
)
def test_websites_are_read_back_from_numbered_fields(details: dict[str, Any], expected: Any) -> None:
    assert from_api(SENDER, {"details": details})["websites"] == expected


def test_websites_round_trip() -> None:
    state = sender_state(websites=[SITE_1, SITE_2])
    assert from_api(SENDER, to_api(SENDER, state))["websites"] == [SITE_1, SITE_2]


# ----------------------------------------------------------------------------------------------
# read_api, create_only, absent, nulls
# ----------------------------------------------------------------------------------------------


def test_phone_number_provider_is_sent_as_phone_number_provider_and_read_from_number_provider() -> None:
    assert to_api(SENDER, sender_state(phone_number_provider="SINCH"), include=["phone_number_provider"]) == {
        "phoneNumberProvider": "SINCH"
    }
    assert from_api(SENDER, {"numberProvider": "CUSTOMER"})["phone_number_provider"] == "CUSTOMER"
    # The request field is not where responses carry it.
    assert from_api(SENDER, {"phoneNumberProvider": "CUSTOMER"})["phone_number_provider"] is None


def test_country_code_is_sent_in_details_and_read_at_the_top_level() -> None:
    assert to_api(SENDER, sender_state(country_code="48"), include=["country_code"]) == {
        "details": {"countryCode": "48"}
    }
    state = from_api(SENDER, {"countryCode": "46", "details": {"countryCode": "48"}})
    assert state["country_code"] == "46"


def test_account_arguments_are_sent_flat_and_read_from_details() -> None:
    state = {
        "project_id": "p1",
        "waba_name": "Acme",
        "client_business_manager_id": "123",
        "business_manager": "SINCH_UK",
        "display_name": "Acme Shop",
        "business_category": "OTHER",
        "region": "EU",
        "meta_local_storage": None,
    }
    assert to_api(ACCOUNT, state) == {
        "wabaName": "Acme",
        "clientBusinessManagerId": "123",
        "businessManager": "SINCH_UK",
        "senderDetails": {"displayName": "Acme Shop", "businessCategory": "OTHER", "region": "EU"},
    }
    read = from_api(
        ACCOUNT,
        {
            "businessManager": "SINCH_UK",
            "details": {
                "wabaName": "Acme",
                "clientBusinessManagerId": "123",
                "senderDetails": {"displayName": "Acme Shop", "businessCategory": "OTHER", "region": "EU"},
            },
        },
        prior=state,
    )
    assert {k: read[k] for k in state} == state


def test_create_only_values_are_left_out_of_update_bodies() -> None:
    state = sender_state(waba_id="111", phone_number_id="222", authentication_code="code", region="EU")
    names = ["waba_id", "phone_number_id", "authentication_code", "region"]
    assert to_api(SENDER, state, include=names) == {
        "wabaId": "111",
        "phoneNumberId": "222",
        "authenticationCode": "code",
        "region": "EU",
    }
    assert to_api(SENDER, state, include=names, create=False) == {"region": "EU"}
    assert to_api(SENDER, state, include=names, create=False, nulls=True) == {"region": "EU"}


def test_account_business_manager_is_create_only() -> None:
    state = {"waba_name": "Acme", "business_manager": "SINCH_UK"}
    assert to_api(ACCOUNT, state, create=False) == {"wabaName": "Acme"}


@pytest.mark.parametrize("marker", ["NOT_SET", "UNRECOGNIZED"])
def test_absent_vertical_markers_are_read_as_null(marker: str) -> None:
    assert from_api(SENDER, {"details": {"vertical": marker}})["vertical"] is None


def test_a_real_vertical_is_read_as_is() -> None:
    assert from_api(SENDER, {"details": {"vertical": "RETAIL"}})["vertical"] == "RETAIL"


def test_nulls_send_null_for_a_cleared_value_and_only_then() -> None:
    state = sender_state(description=None, about="Hi")
    assert to_api(SENDER, state, include=["description", "about"]) == {"details": {"about": "Hi"}}
    assert to_api(SENDER, state, include=["description", "about"], create=False, nulls=True) == {
        "details": {"description": None, "about": "Hi"}
    }
    # Unknown is never sent, even as null.
    state = sender_state(description=Unknown)
    assert to_api(SENDER, state, include=["description"], create=False, nulls=True) == {}


def test_terraform_only_and_computed_only_values_are_never_sent() -> None:
    state = sender_state(
        id="s1",
        project_id="p1",
        state="ACTIVE",
        created="2024-01-01T00:00:00Z",
        wait_for_state="ACTIVE",
        verification_method="SMS",
        verification_code="123456",
        display_name="Acme",
    )
    assert to_api(SENDER, state) == {"details": {"displayName": "Acme"}}
    assert to_api(SENDER, state, nulls=True, create=False)["details"]["displayName"] == "Acme"
    assert "state" not in to_api(SENDER, state, nulls=True)

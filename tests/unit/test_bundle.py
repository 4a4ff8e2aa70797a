"""sinch_bundle without terraform: the FAILED verdict names what failed, the rules across arguments, the body."""

from __future__ import annotations

from typing import Any

from provider.schema import in_every_world, to_api
from resources.bundle import REVIEW, Bundle


def test_failed_bundle_names_the_failed_parts() -> None:
    body = {"state": "FAILED", "smsApp": {"status": "FAILED_ADD"}, "subproject": {"status": "READY"},
            "convApp": {"smsChannelStatus": "FAILING"}}  # fmt: skip
    verdict = REVIEW.judge(body, "NONE")  # a failure ends any wait
    assert verdict.failure == "the bundle FAILED"
    assert verdict.detail == "What failed: smsApp.status is FAILED_ADD; convApp.smsChannelStatus is FAILING."
    assert REVIEW.judge({"state": "FAILED"}, "DONE").detail == "What failed: Sinch gave no reason."
    assert REVIEW.judge({"state": "IN_PROGRESS"}, "DONE").done is False
    assert REVIEW.judge({"state": "DONE"}, "DONE").done is True


def config(**values: Any) -> dict[str, Any]:
    found: dict[str, Any] = {a.name: None for a in Bundle.attributes}
    return {**found, "region": "EU", **values}


def problems(values: dict[str, Any]) -> list[tuple[list[Any], str]]:
    return in_every_world(Bundle.check_config.__get__(Bundle.__new__(Bundle)), values, Bundle.attributes)


def test_rules_across_arguments() -> None:
    assert problems(config()) == [(["region"], "a bundle creates at least one of subproject, sms_app, conv_app")]
    assert problems(config(sms_app={"name": None})) == [
        (["sms_app"], "sms_app.name is required when the bundle has no name")
    ]
    assert problems(config(name="n", sms_app={"name": None})) == []
    app = {"name": None, "webhooks": None, "processing_mode": "CONVERSATION", "consent_manager_mode": None,
           "retention_policy": {"type": "PERSIST_RETENTION_POLICY", "ttl": 3650}}  # fmt: skip
    assert problems(config(name="n", conv_app=app)) == []
    dispatch = {**app, "processing_mode": None}
    assert [p for p, _ in problems(config(name="n", conv_app=dispatch))] == [
        ["conv_app", "retention_policy", "type"],
        ["conv_app", "retention_policy", "ttl"],
    ]


def test_create_body_is_the_api_work_order() -> None:
    planned = config(name="n", subproject={"name": None, "labels": None}, sms_app={"name": "s"},
                     webhooks=[{"id": None, "target": "https://h.example.com/x", "secret": "s",
                                "triggers": ["BUNDLE_DONE"]}])  # fmt: skip
    assert to_api(Bundle.attributes, planned) == {
        "name": "n",
        "region": "EU",
        "subproject": {},  # true: a subproject with the defaults
        "smsApp": {"name": "s"},
        "webhooks": [{"target": "https://h.example.com/x", "secret": "s", "triggers": ["BUNDLE_DONE"]}],
    }


def test_unreturned_nested_values_are_adopted_not_replaced() -> None:
    from tf.types import Unknown

    from provider.schema import adopt_unreturned, fill_unknown

    hooks = Bundle.attr("webhooks")
    imported = [{"id": "w1", "target": "https://h.example.com/x", "secret": None, "triggers": ["ALL"]}]
    planned = [{"id": Unknown, "target": "https://h.example.com/x", "secret": "s", "triggers": ["ALL"]}]
    assert adopt_unreturned(hooks, imported, planned) == planned  # no change: no replacement
    changed = [{**imported[0], "secret": "old"}]
    assert adopt_unreturned(hooks, changed, planned) != planned  # a new secret is a change
    assert fill_unknown(planned, imported) == [{**imported[0], "secret": "s"}]

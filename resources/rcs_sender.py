"""``sinch_rcs_sender``: an RCS sender from draft to launch, tag "RCS Senders".

A sender is created with its region, billing category and use case (none can change: a change replaces it) and its
details: the brand, the countries and the launch questionnaire, typed nested attributes that are PATCHed in place
(only what changed, a removed field as null: the API merges). ``launch = true`` begins the launch (POST
``.../launch``) once its requirements are met; they are checked at validate where the values are known, again at
apply before any request, and by Sinch (412, whose list of what is missing becomes the error). Apply then waits for
``wait_for_state`` (LAUNCHED by default). Per-country and per-operator statuses are computed.

Test numbers are not an argument: ``sinch_rcs_test_number`` adds and removes them one by one (the sender's
``test_number_states`` shows them). The API has no delete for a sender: destroy removes it from the state only,
with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints

from provider.resource import ApiResource
from provider.review import Outcome, Review
from provider.schema import Attr, Problem, list_of_objects, single_object, stand_in
from provider.types import IdSegment, email, http_url, text

Region = Literal["BR", "EU", "US"]
#: `RcsInputSenderBillingCategoriesEnum`: the last three are deprecated by Sinch (kept: the API still takes them).
BillingCategory = Literal["CONVERSATIONAL", "NON_CONVERSATIONAL", "BASIC_MESSAGE", "CONVERSATIONAL_LEGACY",
                          "SINGLE_MESSAGE"]  # fmt: skip
UseCase = Literal["MULTIUSE", "OTP", "PROMOTIONAL", "TRANSACTIONAL"]
#: `RcsInputRcsCountryCodesEnum`: the countries a sender can launch in.
Country = Literal[
    "AT", "BE", "BR", "CA", "CZ", "DK", "FI", "FR", "DE", "GR", "HU", "IT", "LT", "MX", "NL", "NO", "PE", "PL", "PT",
    "SG", "SK", "ES", "SE", "US", "GB",
]  # fmt: skip
SenderState = Literal["DRAFT", "IN_PROGRESS", "IN_TEST", "LAUNCHED", "LAUNCHING", "PREPARING_LAUNCH", "UNLAUNCHED",
                      "UNKNOWN"]  # fmt: skip
OwnershipType = Literal["PRIVATE", "PUBLIC"]
LegalForm = Literal["CORPORATION", "LIMITED_LIABILITY_COMPANY", "PARTNERSHIP", "S_CORPORATION"]
BrandIndustry = Literal[
    "AGRICULTURE", "COMMUNICATION", "CONSTRUCTION", "EDUCATION", "ENERGY", "ENTERTAINMENT", "FINANCIAL", "GAMBLING",
    "GOVERNMENT", "HEALTHCARE", "HOSPITALITY", "HUMAN_RESOURCES", "INSURANCE", "LEGAL", "MANUFACTURING",
    "NON_GOVERNMENTAL_ORGANIZATION", "POLITICAL", "POSTAL", "PROFESSIONAL", "REAL_ESTATE", "RETAIL", "TECHNOLOGY",
    "TRANSPORTATION",
]  # fmt: skip
UsState = Literal[
    "AK", "AL", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU", "HI", "IA", "ID", "IL", "IN", "KS",
    "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY",
    "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
]  # fmt: skip

#: `RcsInputCountryCodesEnum`: ISO 3166 alpha-2 codes the US questionnaire takes (tax and address countries).
AnyCountry = Literal[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AR", "AS", "AT", "AU", "AW", "AZ", "BA", "BB", "BD", "BE",
    "BF", "BG", "BH", "BI", "BJ", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BW", "BY", "BZ", "CA", "CD", "CF",
    "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CY", "CZ", "DE", "DJ", "DK", "DM",
    "DO", "DZ", "EC", "EE", "EG", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE",
    "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GT", "GU", "GW", "GY", "HK", "HN", "HR", "HT",
    "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH",
    "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
    "LY", "MA", "MC", "MD", "ME", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU",
    "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM",
    "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU",
    "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
    "SX", "SY", "SZ", "TC", "TD", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ",
    "UA", "UG", "UM", "US", "UY", "UZ", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA",
    "ZM", "ZW"
]  # fmt: skip
HexColor = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
BrandPhone = Annotated[str, StringConstraints(min_length=6, max_length=15, pattern=r"^\+?[\d+\s]{6,15}$")]
VerificationPhone = Annotated[str, StringConstraints(max_length=17, pattern=r"^(?:\+|00)\d{6,15}$")]
Label = text(0, 25)
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png")
LAUNCH_STATES = ("PREPARING_LAUNCH", "LAUNCHING", "LAUNCHED")
ITEM = "/v1/projects/{project_id}/rcs/senders/{id}"

# --- the brand -----------------------------------------------------------------------------------------------------
#: The API cannot delete the brand's single values (its PATCH takes no null for them, only for the lists): they are
#: optional and computed, so that removing one from the configuration keeps Sinch's value rather than planning a
#: change no request can make.
BRAND = (
    Attr("name", text(1, 40), "The brand's name, shown to users (at most 40 characters; needed to launch).",
         optional=True, computed=True),
    Attr("description", text(0, 100), "What the brand does, at most 100 characters.", optional=True, computed=True),
    Attr("color", HexColor, "The brand's colour, `#RRGGBB` (e.g. `#0A3D62`).", optional=True, computed=True),
    Attr("emails", list_of_objects((
        Attr("label", Label, "What the address is for, at most 25 characters.", required=True),
        Attr("address", email(), "The address.", required=True),
    ), min_items=1, max_items=3), "1 to 3 contact addresses, each address once (an email or a phone is needed to "
        "launch).", optional=True),
    Attr("phones", list_of_objects((
        Attr("label", Label, "What the number is for, at most 25 characters.", required=True),
        Attr("number", BrandPhone, "The number: E.164 (`+33777777777`) or digits without a country code, 6 to 15 "
             "characters.", required=True),
    ), min_items=1, max_items=3), "1 to 3 contact phone numbers, each number once.", optional=True),
    Attr("websites", list_of_objects((
        Attr("label", Label, "What the website is, at most 25 characters.", required=True),
        Attr("url", http_url(255), "The website's URL.", required=True),
    ), min_items=1, max_items=3), "1 to 3 websites.", optional=True),
    Attr("banner_url", http_url(), "The banner: JPEG or PNG, 1440 x 448 pixels, at most 200 KB (needed to launch).",
         optional=True, computed=True),
    Attr("logo_url", http_url(), "The logo: JPEG or PNG, 224 x 224 pixels, at most 50 KB (needed to launch).",
         optional=True, computed=True),
    Attr("privacy_policy_url", http_url(), "The privacy policy (needed to launch).", optional=True, computed=True),
    Attr("terms_of_service_url", http_url(), "The terms of service (needed to launch).", optional=True, computed=True),
)  # fmt: skip

# --- the launch questionnaire (each section's `answers`; Sinch's questions: the sinch_rcs_questionnaire data source)
GENERAL = (
    Attr("opt_in_description", text(1), "How users opt in to messages from the brand.", optional=True),
    Attr("trigger_description", text(1), "What triggers the messages.", optional=True),
    Attr("interactions_description", text(1), "How users interact with the agent.", optional=True),
    Attr("opt_out_description", text(1), "How users opt out.", optional=True),
    Attr("video_uris", Annotated[list[http_url()], Field(min_length=1)],  # type: ignore[misc]
         "Videos of the agent in use (without one, the launch waits in PREPARING_LAUNCH while Sinch adds it).",
         optional=True),
    Attr("screenshot_uris", Annotated[list[http_url()], Field(min_length=1)],  # type: ignore[misc]
         "Screenshots of the agent in use.", optional=True),
)  # fmt: skip
PARTNER = (
    Attr("company_name", text(1, 100), "The reseller's company name.", optional=True),
    Attr("contact_name", text(1, 100), "The reseller's contact.", optional=True),
    Attr("contact_email_address", email(100), "The reseller's contact email.", optional=True),
)
VERIFICATION = (
    Attr("name", text(1), "The brand contact who verifies the agent.", required=True),
    Attr("email", email(100), "Their email.", required=True),
    Attr("website", http_url(), "The brand's website.", required=True),
    Attr("title", text(1, 100), "Their job title.", optional=True),
    Attr("phone", VerificationPhone, "Their phone, `+` or `00` then 6 to 15 digits.", optional=True),
    Attr("partner", single_object(PARTNER), "ASP resellers only: the reseller.", optional=True),
)
GB = (
    Attr("brand_industry", text(1), "The brand's industry.", optional=True),
    Attr("company_legal_name", text(1), "The company's legal name.", optional=True),
    Attr("company_registration_number", text(1), "The company registration number.", optional=True),
    Attr("full_company_address", text(1), "The company's full address.", optional=True),
    Attr("messages_volume", text(1), "Expected volume, e.g. `0 - 10K messages`.", optional=True),
    Attr("messages_frequency", text(1), "Expected frequency.", optional=True),
)
FR = (
    Attr("full_company_address", text(1), "The company's full address.", optional=True),
    Attr("siren", Annotated[str, StringConstraints(pattern=r"^\d{9}$")], "The company's SIREN, 9 digits.",
         optional=True),
)  # fmt: skip
SampleMessage = text(20, 1024)
US = (
    Attr("ownership_type", OwnershipType, "`PRIVATE` or `PUBLIC` (listed on a stock exchange).", required=True),
    Attr("company_legal_name", text(1, 100), "The company's legal name.", required=True),
    Attr("company_phone_number", text(1, 13), "The company's phone number.", required=True),
    Attr("company_email_address", email(100), "The company's email.", required=True),
    Attr("brand_name", text(1, 100), "The brand name (DBA).", required=True),
    Attr("brand_industry", BrandIndustry, "The brand's industry.", required=True),
    Attr("legal_form", LegalForm, "The legal form (PUBLIC: `CORPORATION`).", required=True),
    Attr("tax_id_country", AnyCountry, "Where the company is registered for tax (ISO 3166 alpha-2).", required=True),
    Attr("tax_id", text(1, 25), "The tax ID (EIN in the US).", required=True),
    Attr("address_line", text(1, 100), "The company's street address.", required=True),
    Attr("address_city", text(1, 100), "The city.", required=True),
    Attr("address_country", AnyCountry, "The country (ISO 3166 alpha-2).", required=True),
    Attr("address_state", UsState, "The US state (required when `tax_id_country` is `US`).", optional=True),
    Attr("address_postal_code", text(1, 10), "The postal code.", required=True),
    Attr("website_url", http_url(100), "The company's website.", required=True),
    Attr("contact_first_name", text(1, 100), "The contact's first name.", required=True),
    Attr("contact_surname", text(1, 100), "The contact's surname.", required=True),
    Attr("stock_exchange", text(1, 10), "PUBLIC: the stock exchange.", optional=True),
    Attr("stock_symbol", text(1, 6), "PUBLIC: the stock symbol.", optional=True),
    Attr("sample_messages", Annotated[list[SampleMessage], Field(min_length=1, max_length=5)],  # type: ignore[valid-type]
         "1 to 5 sample messages, 20 to 1024 characters each.", required=True),
    Attr("messages_volume", float, "Expected messages per month.", required=True),
    Attr("embedded_link", bool, "Whether messages contain links.", required=True),
    Attr("embedded_phone", bool, "Whether messages contain phone numbers.", required=True),
    Attr("age_gated_content", bool, "Whether the content is age-gated.", required=True),
    Attr("direct_lending", bool, "Whether the brand does direct lending.", required=True),
    Attr("opt_in_confirmation_message", text(20, 1024), "The opt-in confirmation message.", required=True),
    Attr("help_message", text(20, 1024), "The answer to HELP.", required=True),
    Attr("call_to_action_message", text(40, 4096), "The call to action users see before opting in.", required=True),
)  # fmt: skip
QUESTIONNAIRE = (
    Attr("general", single_object(GENERAL), "Every sender's answers (needed to launch).", optional=True,
         api="general.answers"),
    Attr("verification", single_object(VERIFICATION), "Who verifies the agent for the brand (needed to launch).",
         optional=True, api="verification.answers"),
    Attr("gb", single_object(GB), "For the UK (needed to launch in `GB`).", optional=True, api="gb.answers"),
    Attr("fr", single_object(FR), "For France (needed to launch in `FR`).", optional=True, api="fr.answers"),
    Attr("us", single_object(US), "For the US, the brand and campaign registration (needed to launch in `US`).",
         optional=True, api="us.answers"),
)  # fmt: skip
#: The sections a launch needs for a country of `countries`.
COUNTRY_SECTIONS = {"GB": "gb", "FR": "fr", "US": "us"}

# --- what Sinch reports ----------------------------------------------------------------------------------------------
OPERATOR = (
    Attr("name", str, "The operator.", computed=True),
    Attr("status", str, "Its status: `PENDING`, `LAUNCHED`, `REJECTED`, `NOT_LAUNCHED`, `SUSPENDED`, ...",
         computed=True),
    Attr("remark", str, "The operator's remark (why it rejected).", computed=True),
    Attr("modified", str, "When the status last changed.", computed=True),
)  # fmt: skip
COUNTRY_STATUS = (
    Attr("country", str, "The country.", computed=True),
    Attr("status", str, "The launch status in that country.", computed=True),
    Attr("operators", list_of_objects(OPERATOR), "Each operator's status.", computed=True),
)
TEST_NUMBER_STATE = (
    Attr("number", str, "The test number (E.164).", computed=True),
    Attr("state", str, "The invitation's state: `PENDING`, `UNVERIFIED`, `VERIFIED`, `DECLINED`, ...", computed=True),
    Attr("submitted", str, "When it was added.", computed=True),
)
REPORTED = (
    Attr("state", SenderState, "`DRAFT`, `IN_TEST`, `PREPARING_LAUNCH`, `LAUNCHING`, `LAUNCHED`, `UNLAUNCHED`, ...",
         computed=True),
    Attr("hosting_region", str, "Where the agent is hosted: `EUROPE`, `NORTH_AMERICA` or `ASIA_PACIFIC`.",
         computed=True, stable=True),
    Attr("auth_name", str, "The name of the credentials that connect the sender to a Conversation API app.",
         computed=True, stable=True),
    Attr("auth_token", str, "The token of those credentials.", computed=True, sensitive=True, stable=True),
    Attr("conversation_api_app_id", str, "The Conversation API app the sender is connected to.", computed=True,
         api="conversationApiAppDetails.id"),
    Attr("agent_id", str, "Google's ID of the RBM agent.", computed=True, api="supplierDetails.google.agentId"),
    Attr("country_statuses", list_of_objects(COUNTRY_STATUS), "The launch per country, and per operator in it.",
         computed=True, api="countryStatus"),
    Attr("test_number_states", list_of_objects(TEST_NUMBER_STATE), "The test numbers and their invitations "
         "(managed with `sinch_rcs_test_number`).", computed=True),
    Attr("launched", str, "When the sender was launched.", computed=True),
    Attr("created", str, "When the sender was created.", computed=True, stable=True),
    Attr("modified", str, "When the sender last changed.", computed=True),
)  # fmt: skip

REVIEW = Review(
    targets={"LAUNCHED": ("LAUNCHED",), "LAUNCHING": ("LAUNCHING", "LAUNCHED")},
    transitional=("PREPARING_LAUNCH", "LAUNCHING"),
    resting=("DRAFT", "IN_PROGRESS", "IN_TEST", "UNKNOWN"),  # not launched: nothing to wait for
    updates_reviewed=True,  # an update that launches waits as a create does
    refusals={"UNLAUNCHED": Outcome("the sender is UNLAUNCHED", no_reason="")},
    code_paths=(),
    reason_paths=(),
)


def is_image(url: str) -> bool:
    segment = urlsplit(url).path.rsplit("/", 1)[-1]
    return "." not in segment or segment.rsplit(".", 1)[1].lower() in IMAGE_EXTENSIONS


def _present(value: Any) -> bool:
    return value is not None and value != [] and value != ""


def launch_requirements(config: Mapping[str, Any]) -> list[Problem]:
    """What a launch needs and the configuration lacks (unknown values count as present: Sinch judges them)."""
    brand = config.get("brand") or {}
    questionnaire = config.get("questionnaire") or {}
    countries = config.get("countries")
    missing: list[Problem] = []

    def need(path: list[Any], what: str) -> None:
        missing.append((path, f"launch = true needs {what}"))

    if not _present(countries):
        need(["countries"], "at least one country in countries")
    if not isinstance(brand, Mapping) or not isinstance(questionnaire, Mapping):
        return missing
    for name in ("name", "banner_url", "logo_url", "privacy_policy_url", "terms_of_service_url"):
        if not _present(brand.get(name)):
            need(["brand", name], f"brand.{name}")
    if not _present(brand.get("phones")) and not _present(brand.get("emails")):
        need(["brand", "phones"], "a phone (brand.phones) or an email (brand.emails)")
    for section in ("general", "verification"):
        if not _present(questionnaire.get(section)):
            need(["questionnaire", section], f"the questionnaire's {section} answers (questionnaire.{section})")
    if isinstance(countries, Sequence) and not isinstance(countries, str):
        for country, section in COUNTRY_SECTIONS.items():
            if country in countries and not _present(questionnaire.get(section)):
                need(["questionnaire", section], f"questionnaire.{section} to launch in {country}")
    return missing


def brand_rules(config: Mapping[str, Any]) -> list[Problem]:
    brand = config.get("brand")
    problems: list[Problem] = []
    if not isinstance(brand, Mapping):
        return problems
    for name in ("banner_url", "logo_url"):
        url = brand.get(name)
        if isinstance(url, str) and not stand_in(url) and not is_image(url):
            problems.append((["brand", name], f"brand.{name} must be a JPEG or PNG image (.jpg, .jpeg or .png)"))
    for field, key in (("emails", "address"), ("phones", "number"), ("websites", "url")):
        items = brand.get(field)
        if not isinstance(items, Sequence):
            continue
        seen: dict[Any, int] = {}
        for index, item in enumerate(items):
            value = item.get(key) if isinstance(item, Mapping) else None
            if isinstance(value, str) and not stand_in(value):
                if value in seen:
                    problems.append((["brand", field, (index,)], f"brand.{field}[{index}] repeats the {key} of "
                                     f"brand.{field}[{seen[value]}]: each {key} once"))  # fmt: skip
                seen.setdefault(value, index)
    return problems


def us_rules(config: Mapping[str, Any]) -> list[Problem]:
    """The US answers' variants (the description's oneOf on ownership type and tax country)."""
    questionnaire = config.get("questionnaire")
    us = questionnaire.get("us") if isinstance(questionnaire, Mapping) else None
    if not isinstance(us, Mapping):
        return []
    where = ["questionnaire", "us"]
    problems: list[Problem] = []
    if us.get("ownership_type") == "PUBLIC":
        if us.get("legal_form") not in (None, "CORPORATION") and not stand_in(us.get("legal_form")):
            problems.append(([*where, "legal_form"], "a PUBLIC company's legal_form is CORPORATION"))
        for name in ("stock_exchange", "stock_symbol"):
            if us.get(name) is None:
                problems.append(([*where, name], f"{name} is required when ownership_type is PUBLIC"))
    if us.get("tax_id_country") == "US" and us.get("address_state") is None:
        problems.append(([*where, "address_state"], "address_state is required when tax_id_country is US"))
    return problems


class RcsSender(ApiResource):
    name = "rcs_sender"
    description = (
        "An RCS sender (an RBM agent): brand, countries and launch questionnaire, changed in place. `launch = true` "
        "launches it once the requirements are met and waits for LAUNCHED. Region, billing category and use case "
        "cannot change (a change replaces the sender). The API cannot delete a sender: destroy only removes it from "
        "the state, with a warning."
    )
    attributes = (
        Attr("id", str, "Sender ID, assigned by Sinch.", computed=True, stable=True),
        Attr("project_id", IdSegment, "Sinch project of the sender.", optional=True, computed=True, stable=True,
             force_new=True, api=None, provider_default="project_id"),
        Attr("region", Region, "Where the sender is provisioned: `BR`, `EU` or `US`; a change replaces it.",
             required=True, force_new=True),
        Attr("billing_category", BillingCategory, "`CONVERSATIONAL` or `NON_CONVERSATIONAL` (`BASIC_MESSAGE`, "
             "`CONVERSATIONAL_LEGACY` and `SINGLE_MESSAGE` are deprecated); a change replaces it.",
             required=True, force_new=True),
        Attr("use_case", UseCase, "`MULTIUSE`, `OTP`, `PROMOTIONAL` or `TRANSACTIONAL`; a change replaces it.",
             required=True, force_new=True),
        Attr("brand", single_object(BRAND), "The brand users see. Its single values cannot be removed once set (the "
             "API takes no null for them): removing one from the configuration keeps Sinch's value. The lists "
             "(`emails`, `phones`, `websites`) can be removed.", optional=True, api="details.brand"),
        Attr("countries", Annotated[set[Country], Field(min_length=1)], "Where the sender launches (ISO 3166 "
             "alpha-2, the countries RCS launches in; at least one to launch).", optional=True,
             api="details.countries"),
        Attr("questionnaire", single_object(QUESTIONNAIRE), "The launch questionnaire's answers, per section: "
             "`general` and `verification` always, `gb`, `fr`, `us` for those countries. The questions: the "
             "`sinch_rcs_questionnaire` data source.", optional=True, api="details.questionnaire"),
        Attr("launch", bool, "Set to `true` to launch the sender (after the create, or by an update); apply then "
             "waits for `wait_for_state`. The requirements (countries, a phone or email, the brand's name and four "
             "URLs, the questionnaire's sections) are checked before. Only `true` can be set: a launch cannot be "
             "undone. Unset: only read (true once launching).", optional=True, computed=True,
             operation=ITEM + "/launch"),
        *REPORTED,
        *REVIEW.settings(
            wait="How far a launch waits: `LAUNCHED` (default), `LAUNCHING` (operators are launching it) or `NONE`. "
            "How long: the `timeouts` block. A sender not launched never waits.",
        ),
    )  # fmt: skip
    collection_path = "/v1/projects/{project_id}/rcs/senders"
    item_path = ITEM
    import_id = "{project_id}/{id}"
    update_method = "PATCH"
    update_params = {"usQuestionnaireVersion": "v2"}  # the brand-campaign shape of the US answers
    patch_merges = True
    review = REVIEW
    list_items_key = "senders"
    list_reads = True
    list_page_size = 100
    created_attribute = "created"
    undeletable = (
        "The Sinch API has no operation that deletes an RCS sender: it stays in Sinch as it is (a launched sender "
        "stays launched). To remove it, ask Sinch support, or import it again to manage it."
    )
    undeletable_keeps = ("id",)

    def check_config(self, config: Mapping[str, Any]) -> list[Problem]:
        problems = [*brand_rules(config), *us_rules(config)]
        if config.get("launch") is True:
            problems += launch_requirements(config)
        return problems

    def apply_problems(self, planned: Mapping[str, Any], current: Mapping[str, Any] | None) -> list[Problem]:
        # a launch about to be sent whose requirements were unknown at plan (another resource's output) is checked
        # with the values; a sender launched already is not judged again
        launching = planned.get("launch") is True and not (current or {}).get("launch")
        return launch_requirements(planned) if launching else []

    def state_from_api(self, body: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
        state = super().state_from_api(body, prior)
        state["launch"] = (body or {}).get("state") in LAUNCH_STATES or bool((body or {}).get("launched"))
        return state

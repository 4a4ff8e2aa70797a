"""RCS Questionnaire (tag `RCS Questionnaire`).

    GET /v1/projects/{projectId}/rcs/questionnaire/{useCase}?countries=GB,FR   200 RcsSenderDetailsQuestionnaireBaseDto

`general` and `verification` always; `gb`, `fr` and `us` only for the countries asked (`countries` repeatable or
comma-separated). The `us` questions: `usQuestionnaireVersion=v1` the legacy set, else the brand campaign set of
`usQuestionnaireBrandCampaignVersion` (default US_PUBLIC, which has every question). The question texts are those
of the description's examples, the same for every use case.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator.common import project_id, resource_route
from emulator.rcs.common import (
    US_BRAND_CAMPAIGN_VERSIONS,
    US_QUESTIONNAIRE_VERSIONS,
    countries,
    invalid_query,
    list_values,
    questions,
    rcs_error,
    use_cases,
)


async def get_questions(request: Request) -> Response:
    project_id(request)
    use_case = str(request.path_params["useCase"])
    if use_case not in use_cases():
        raise rcs_error("questionnaire_invalid_use_case", validUseCases=", ".join(use_cases()))
    asked = list_values(request, "countries")
    if set(asked) - set(countries()):
        raise rcs_error("questionnaire_invalid_country", supportedValues=", ".join(countries()))
    params = request.query_params
    version = params.get("usQuestionnaireVersion")
    if version is not None and version not in US_QUESTIONNAIRE_VERSIONS:
        raise invalid_query("usQuestionnaireVersion must be one of the following values: v1, v2")
    campaign = params.get("usQuestionnaireBrandCampaignVersion", "US_PUBLIC")
    if campaign not in US_BRAND_CAMPAIGN_VERSIONS:
        raise invalid_query(
            "usQuestionnaireBrandCampaignVersion must be one of the following values: "
            + ", ".join(US_BRAND_CAMPAIGN_VERSIONS)
        )
    body: dict[str, Any] = {
        "general": {"questions": questions("general")},
        "verification": {"questions": questions("verification")},
    }
    if "GB" in asked:
        body["gb"] = {"questions": questions("gb")}
    if "FR" in asked:
        body["fr"] = {"questions": questions("fr")}
    if "US" in asked:
        body["us"] = {"questions": questions("us", "v1" if version == "v1" else campaign)}
    return JSONResponse(body)


def routes() -> list[BaseRoute]:
    path = "/v1/projects/{projectId}/rcs/questionnaire/{useCase}"
    return [resource_route(path, {"GET": get_questions}, name="rcs_questionnaire")]

"""PAPI error bodies, exactly as the Provisioning API answers them.

Every Sinch Provisioning API service answers errors with the same body (`*PapiErrorDto` in the OpenAPI
description)::

    {"errorCode": "...", "message": "...", "resolution": "...", "additionalInformation": {"...": ["..."]}}

`additionalInformation` is optional and maps names to lists of strings. The messages and resolutions below
are copied from the examples in the OpenAPI description (v1.2.117); do not paraphrase them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from starlette.responses import JSONResponse


class PapiError(Exception):
    """An error the emulator answers with a PAPI error body. Raise it from any handler."""

    def __init__(
        self,
        status: int,
        error_code: str,
        message: str,
        resolution: str,
        additional_information: Mapping[str, Sequence[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {error_code}: {message}")
        self.status = status
        self.error_code = error_code
        self.message = message
        self.resolution = resolution
        self.additional_information = additional_information
        self.headers = dict(headers or {})

    def body(self) -> dict[str, object]:
        body: dict[str, object] = {"errorCode": self.error_code, "message": self.message, "resolution": self.resolution}
        if self.additional_information is not None:
            body["additionalInformation"] = {k: list(v) for k, v in self.additional_information.items()}
        return body

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers or None)


def invalid_input(validation_errors: Sequence[str]) -> PapiError:
    return PapiError(
        400,
        "invalid_input",
        "Invalid input.",
        "Correct the validation errors and submit again.",
        {"validationErrors": list(validation_errors)},
    )


def invalid_payload() -> PapiError:
    return PapiError(400, "invalid_payload", "Invalid payload.", "Correct payload and submit again.")


def invalid_id_format(param: str) -> PapiError:
    return PapiError(
        400,
        "invalid_id_format",
        "Id is not in the expected format.",
        f"{param} param is in the wrong format. Confirm that you're sending the correct value.",
    )


def invalid_page_size() -> PapiError:
    return PapiError(
        400, "invalid_page_size", "Page size must be numeric.", "Use a integer value for pageSize parameter."
    )


def invalid_page_token() -> PapiError:
    return PapiError(
        400,
        "invalid_page_token",
        "Invalid page token.",
        "The page token to use is provided in the previous query response, for new queries simply leave this field "
        "undefined.",
    )


def unauthorized() -> PapiError:
    return PapiError(401, "unauthorized_error", "Unauthorized error.", "Verify that projectId is correct.")


def webhook_not_found() -> PapiError:
    return PapiError(404, "webhook_not_found", "Webhook not found.", "Verify that the parameters are correct.")


def webhook_exists() -> PapiError:
    return PapiError(
        409,
        "webhook_exists",
        "Webhook with the provided target already exists.",
        "Webhooks must have a unique target. Change the target and submit again.",
    )


def webhook_limit_reached() -> PapiError:
    return PapiError(
        424,
        "webhook_limit_reached",
        "Number of webhooks has reached the limit.",
        "Delete some webhooks to be able to add more.",
    )


def too_many_requests() -> PapiError:
    return PapiError(429, "too_many_requests", "Too many requests.", "Please wait and try again.")


def internal_error() -> PapiError:
    return PapiError(
        500,
        "internal_error",
        "Internal server error.",
        "Please wait and try again, if the error persist please contact support.",
    )


# Emulator-only codes: the API description does not cover unknown routes, so these keep the PAPI shape.
def route_not_found() -> PapiError:
    return PapiError(404, "not_found", "Route not found.", "Check the method and path against the API reference.")


def method_not_allowed(allow: str | None = None) -> PapiError:
    headers = {"Allow": allow} if allow else None
    return PapiError(
        405,
        "method_not_allowed",
        "Method not allowed.",
        "Check the method and path against the API reference.",
        headers=headers,
    )


# Parameterless errors by code: fault rules (`errorCode`) pick their message and resolution from here.
KNOWN_ERRORS: dict[str, Callable[[], PapiError]] = {
    "invalid_payload": invalid_payload,
    "invalid_page_size": invalid_page_size,
    "invalid_page_token": invalid_page_token,
    "unauthorized_error": unauthorized,
    "webhook_not_found": webhook_not_found,
    "webhook_exists": webhook_exists,
    "webhook_limit_reached": webhook_limit_reached,
    "too_many_requests": too_many_requests,
    "internal_error": internal_error,
}


def error_for_code(status: int, error_code: str | None) -> PapiError:
    """The error a fault rule answers: a known code keeps its message but takes the rule's status."""
    if error_code is None:
        if status == 429:
            error_code = "too_many_requests"
        elif status >= 500:
            error_code = "internal_error"
        else:
            error_code = "injected_fault"
    factory = KNOWN_ERRORS.get(error_code)
    if factory is not None:
        known = factory()
        return PapiError(status, known.error_code, known.message, known.resolution)
    return PapiError(status, error_code, "Injected fault.", "This error was injected by an emulator fault rule.")

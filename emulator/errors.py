"""PAPI error bodies, exactly as the Provisioning API answers them.

Every Sinch Provisioning API service answers errors with the same body (`*PapiErrorDto` in the OpenAPI
description)::

    {"errorCode": "...", "message": "...", "resolution": "...", "additionalInformation": {"...": ["..."]}}

`additionalInformation` is optional and maps names to lists of strings: the schema allows nothing else
(`additionalProperties: {oneOf: [{type: array, items: {type: string}}]}`), so every value is a list here, also
where an OpenAPI example shows a plain string (`account_has_senders`' `projectId`, the filters'
`supportedCodes`). The messages and resolutions below are copied from the examples in the OpenAPI description
(v1.2.117); do not paraphrase them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

from starlette.responses import JSONResponse

# `additionalInformation`: names to lists of strings, as `*PapiErrorDto` says.
AdditionalInformation = Mapping[str, Sequence[str]]


class PapiError(Exception):
    """An error the emulator answers with a PAPI error body. Raise it from any handler."""

    def __init__(
        self,
        status: int,
        error_code: str,
        message: str,
        resolution: str,
        additional_information: AdditionalInformation | None = None,
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
            # A bare string would be a sequence of characters: keep it whole, as a one-item list.
            body["additionalInformation"] = {
                k: [v] if isinstance(v, str) else [str(item) for item in v]
                for k, v in self.additional_information.items()
            }
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


# --- WhatsApp (tags WhatsApp Accounts, Senders, Solutions, Flows): messages from the OpenAPI examples ------

_CHECK_PARAMETERS = "Verify that the parameters are correct."


def project_not_initialized() -> PapiError:
    return PapiError(
        400,
        "project_not_initialized",
        "Project not initialized for WhatsApp.",
        "Verify that the project ID is correct and that it has been onboarded for WhatsApp.",
    )


def project_not_found() -> PapiError:
    return PapiError(404, "project_not_found", "Project not found.", "Verify that the projectId is correct.")


def no_fields_to_update() -> PapiError:
    return PapiError(400, "no_fields_to_update", "No fields to be updated.", "Supply at least one field to be updated.")


def account_not_found() -> PapiError:
    return PapiError(404, "account_not_found", "Account not found.", _CHECK_PARAMETERS)


def account_exists() -> PapiError:
    return PapiError(
        409,
        "account_exists",
        "Account already exists.",
        "There can only be one WhatsApp account for each project. Choose another one project to create a new "
        "WhatsApp account.",
    )


def account_not_updatable(state: str | None = None) -> PapiError:
    """The documented code; `additionalInformation.state` (a one-item list, as the schema wants) names the
    account's state."""
    info = {"state": [state]} if state else None
    return PapiError(
        409,
        "account_not_updatable",
        "Account is not updatable.",
        'Only account that are in "REJECTED" state can be updated.',
        info,
    )


def account_has_senders(project: str = "", sender_ids: Sequence[str] = ()) -> PapiError:
    return PapiError(
        409,
        "account_has_senders",
        "Account has senders.",
        "Delete senders before deleting the account.",
        {"projectId": [project], "senderIds": list(sender_ids)},
    )


def account_has_sender_changes(project: str = "") -> PapiError:
    return PapiError(
        409,
        "account_has_sender_changes",
        "Account has pending sender changes.",
        "All sender changes must be resolved before deleting the account. If the error persists, please contact "
        "support.",
        {"projectId": [project]},
    )


# Emulator-chosen code: the API description says a create "will reject the request" when the account is of
# the wrong type (Embedded Signup vs partner-initiated) without naming the error.
def wrong_account_type(account_kind: str = "", sender_kind: str = "") -> PapiError:
    return PapiError(
        400,
        "wrong_account_type",
        f"The project's WhatsApp account is {account_kind or 'of another type'}: it cannot have "
        f"{sender_kind or 'this kind of'} senders.",
        "An account is compatible with either Embedded Signup or partner-initiated senders. Use the create body "
        "that matches the project's account, or another project.",
    )


def sender_not_found() -> PapiError:
    return PapiError(404, "sender_not_found", "Sender not found.", _CHECK_PARAMETERS)


def sender_changes_not_found() -> PapiError:
    return PapiError(404, "sender_changes_not_found", "Sender changes not found.", _CHECK_PARAMETERS)


def sender_changes_not_deletable() -> PapiError:
    return PapiError(
        409,
        "sender_changes_not_deletable",
        "Sender changes is not deletable.",
        "Only DRAFT, REJECTED, ERROR senders changes can be marked for deletion.",
    )


def sender_not_updatable() -> PapiError:
    return PapiError(
        409,
        "sender_not_updatable",
        "Sender is not updatable.",
        "Updates are only supported by senders with state: ACTIVE.",
    )


def sender_changes_not_updatable() -> PapiError:
    return PapiError(
        409,
        "sender_changes_not_updatable",
        "Sender is not updatable.",
        "Updates are only supported by senders changes with status: DRAFT, REJECTED.",
    )


def sender_display_name_update_not_allowed() -> PapiError:
    return PapiError(
        409,
        "sender_display_name_update_not_allowed",
        "Sender display name update is not allowed.",
        "Sender display name cannot be updated while it is being reviewed. Please try again later.",
    )


def sender_username_update_not_available() -> PapiError:
    return PapiError(
        409,
        "sender_username_update_not_available",
        "Sender username update is not available.",
        'Only "ACTIVE" senders can have their username updated.',
    )


def sender_username_not_available() -> PapiError:
    return PapiError(
        400,
        "sender_username_not_available",
        "Sender username is not available.",
        "Choose another username and try again.",
    )


def sender_already_deleted() -> PapiError:
    return PapiError(
        409, "sender_already_deleted", "A sender has been deleted within 30 days.", "Wait the required time."
    )


def not_allowed_register() -> PapiError:
    return PapiError(
        409,
        "not_allowed_register",
        "Sender not allowed to be registered.",
        'Only "PENDING_VERIFICATION" sender can be registered.',
    )


def not_allowed_verify() -> PapiError:
    return PapiError(
        409,
        "not_allowed_verify",
        "Sender not allowed to be verified.",
        'Only "PENDING_VERIFICATION" sender can be verified.',
    )


def wrong_otp(reason: str | None = None) -> PapiError:
    return PapiError(
        409,
        "wrong_otp",
        "Sender verification failed due to wrong OTP.",
        "Please make sure that the correct OTP code is entered.",
        {"reason": [reason]} if reason else None,
    )


_SENDER_FILTER_STATES = ("ACTIVE", "IN_PROGRESS", "INACTIVE", "PENDING_VERIFICATION", "SUSPENDED", "ERROR")
_SENDER_FILTER_STATUSES = ("DRAFT", "ERROR", "IN_PROGRESS", "REJECTED")


def invalid_filter_states(supported: Sequence[str] = _SENDER_FILTER_STATES) -> PapiError:
    return PapiError(
        400,
        "invalid_filter_states",
        "Invalid filterStates.",
        "Verify that the filterStates used are supported by the Provisioning API.",
        # The example shows the codes as one string "ACTIVE, IN_PROGRESS, ..."; the schema wants a string list.
        {"supportedCodes": list(supported)},
    )


def invalid_filter_statuses(supported: Sequence[str] = _SENDER_FILTER_STATUSES) -> PapiError:
    return PapiError(
        400,
        "invalid_filter_statuses",
        "Invalid filter statuses.",
        "Verify that the filterStatuses used are supported by the Provisioning API.",
        {"supportedCodes": list(supported)},
    )


def wrong_waba_id() -> PapiError:
    return PapiError(
        409,
        "wrong_waba_id",
        "Different wabaId already exists for sub account / project.",
        "Please check if the WhatsApp Business Account is correct, or don't provide the WhatsApp Business Account "
        "in the request for this project.",
    )


def not_found_waba_id() -> PapiError:
    return PapiError(
        409,
        "not_found_waba_id",
        "Not found wabaId.",
        "Verify that exist any WhatsApp Business Account for sub account / project.",
    )


def wrong_business_manager() -> PapiError:
    return PapiError(
        409,
        "wrong_business_manager",
        "Different business manager already exists for sub account / project.",
        "Please check if the Business Manager is correct, or don't provide the Business Manager in the request "
        "for this project.",
    )


def waba_id_used() -> PapiError:
    return PapiError(
        409,
        "waba_id_used",
        "WabaId is used.",
        "WhatsApp Business Account is already used in another project. Use another id or create the sender under "
        "the correct project.",
    )


def used_phone_number_id() -> PapiError:
    return PapiError(409, "used_phone_number_id", "Used phoneNumberId.", "PhoneNumberId is used. Choose another one.")


def solution_not_found() -> PapiError:
    return PapiError(404, "solution_not_found", "Solution not found.", _CHECK_PARAMETERS)


def solution_cannot_be_reassigned() -> PapiError:
    return PapiError(
        409,
        "solution_cannot_be_reassigned",
        "Project is already onboarded, can't reassign solution",
        _CHECK_PARAMETERS,
    )


def template_insights_not_yet_available() -> PapiError:
    return PapiError(
        424,
        "template_insights_not_yet_available",
        "Template Insights unavailable.",
        "Template Insights are not available yet for this WhatsApp Business account, please contact support.",
    )


def conversation_app_id_invalid() -> PapiError:
    return PapiError(400, "conversation_app_id_invalid", "Conversation app id not valid.", "Verify the id is correct.")


def conversation_app_not_found() -> PapiError:
    return PapiError(404, "conversation_app_not_found", "Conversation app not found.", _CHECK_PARAMETERS)


def conversation_app_no_channel(channel: str = "instagram") -> PapiError:
    label = {"instagram": "Instagram", "messenger": "Messenger", "telegram": "Telegram", "viber": "Viber"}[channel]
    return PapiError(
        404,
        f"conversation_app_no_{channel}_channel",
        f"Conversation app has no initialized {label} channel.",
        _CHECK_PARAMETERS,
    )


def flow_not_found() -> PapiError:
    return PapiError(404, "flow_not_found", "Flow not found.", _CHECK_PARAMETERS)


def flow_screens_not_found() -> PapiError:
    return PapiError(404, "flow_screens_not_found", "Flow screens not found.", "Verify if the flow screens exist.")


# --- WhatsApp Templates: messages from the OpenAPI examples ----------------------------------------------------

_DRAFT_HINT = (
    'If template is saved as draft, try to submit the template again. If option "saveDraftOnFailure" is specified '
    'as "false", try the request again.'
)


def invalid_fields(supported: Sequence[str] = ()) -> PapiError:
    """A `fieldMask` value that is no `WhatsappTemplateDtoFieldMaskPathsEnum` path."""
    return PapiError(
        400,
        "invalid_fields",
        "Invalid fields.",
        "Verify that the fields used are supported by the Provisioning API.",
        {"supportedCodes": list(supported)} if supported else None,
    )


def template_invalid_language_code(supported: Sequence[str] = ()) -> PapiError:
    return PapiError(
        400,
        "template_invalid_language_code",
        "Invalid language code.",
        "Verify that the language code used is supported by the Provisioning API and WhatsApp.",
        {"supportedCodes": list(supported)} if supported else None,
    )


def template_not_found() -> PapiError:
    return PapiError(404, "template_not_found", "Template not found.", _CHECK_PARAMETERS)


def template_changes_not_found() -> PapiError:
    return PapiError(
        404,
        "template_changes_not_found",
        "Template changes not found.",
        "Verify that the template has pending changes.",
    )


def template_exists() -> PapiError:
    return PapiError(
        409,
        "template_exists",
        "Template already exists.",
        "Templates must have unique name and language. Change language or name and submit again.",
    )


def template_name_recently_used(language: str = "EN") -> PapiError:
    return PapiError(
        409,
        "template_name_recently_used",
        "A template with the same name has been deleted within 30 days.",
        f'Use another "name" for "{language}" or wait the required time.',
    )


def template_language_recently_deleted(language: str = "EN") -> PapiError:
    return PapiError(
        409,
        "template_language_recently_deleted",
        "A template with the same language has been deleted within 4 weeks.",
        f"Try to create {language} content again in 4 weeks or create a new template.",
    )


def template_incorrect_category(category: str = "UTILITY") -> PapiError:
    return PapiError(
        409,
        "template_incorrect_category",
        "Template incorrect category.",
        f'Use a category that has been used in another language: "{category}".',
    )


def template_invalid_category() -> PapiError:
    return PapiError(
        400,
        "template_invalid_category",
        "Template invalid category.",
        "Verify that categories are correct: AUTHENTICATION, MARKETING, UTILITY.",
    )


def template_invalid_button_example() -> PapiError:
    return PapiError(
        400,
        "template_invalid_button_example",
        "Invalid button example.",
        "Only dynamic URL buttons are allowed to have an example.",
    )


def template_restricted_domain_for_button_url() -> PapiError:
    return PapiError(
        409,
        "template_restricted_Domain_for_button_url",
        "Restricted domain for button url.",
        "Replace any of the following restricted domains: wa.me, whatsapp.com",
    )


def template_dynamic_pricing_not_available() -> PapiError:
    return PapiError(
        400,
        "template_dynamic_pricing_not_available",
        "Dynamic pricing is not available for this account.",
        "Enable dynamic pricing prerequisites for the WhatsApp Business Account before retrying.",
    )


def object_with_whatsapp_business_account_id_does_not_exist() -> PapiError:
    return PapiError(
        409,
        "object_with_whatsapp_business_account_id_does_not_exist",
        "WhatsApp Business Account does not exist.",
        "Verify that WhatsApp Business ID still exists and contact support.",
    )


def template_limit_reached() -> PapiError:
    return PapiError(
        424,
        "template_limit_reached",
        "Number of templates has reached the limit.",
        "Delete some templates or reach out to support to increase the template limit. " + _DRAFT_HINT,
    )


def template_content_already_exists() -> PapiError:
    return PapiError(
        424,
        "template_content_already_exists",
        "Template cannot be submitted because the content is the same as the content in another template.",
        "Use other template or edit template data and submit again. " + _DRAFT_HINT,
    )


def template_not_updatable() -> PapiError:
    return PapiError(
        409,
        "template_not_updatable",
        "Template is not updatable.",
        "Updates are only supported by templates with state: APPROVED, DISABLED, PAUSED, REJECTED.",
    )


def template_changes_not_updatable() -> PapiError:
    return PapiError(
        409,
        "template_changes_not_updatable",
        "Template is not updatable.",
        "Updates are only supported by template changes with status: DRAFT, REJECTED.",
    )


_CATEGORY_RULE = (
    "Updates are only supported by template with state: DRAFT or with state: REJECTED and rejectionCode: "
    "INCORRECT_CATEGORY."
)


def template_category_not_updatable() -> PapiError:
    return PapiError(409, "template_category_not_updatable", "Template category is not updatable.", _CATEGORY_RULE)


def template_allow_category_change_not_updatable() -> PapiError:
    return PapiError(
        409,
        "template_allow_category_change_not_updatable",
        "Template allowCategoryChange is not updatable.",
        _CATEGORY_RULE,
    )


def template_source_not_updatable() -> PapiError:
    return PapiError(
        409,
        "template_source_not_updatable",
        "Template is not updatable.",
        "Templates generated by Meta cannot be updated.",
    )


def template_not_deletable_due_to_input_config() -> PapiError:
    return PapiError(
        409,
        "template_not_deletable_due_to_input_config",
        "Template is not deletable due to input config.",
        "Only draft templates will be deleted by name and language code if `deleteSubmitted` is `false` or not "
        "provided. Be aware that templates deleted for a language cannot be recreated for 30 days with the same "
        "template name. If you need the template in this language soon, update the submitted template for the "
        "language instead of trying to delete and recreate it again.",
    )


def templates_compare_not_found(name: str = "templateName", language: str = "EN") -> PapiError:
    return PapiError(
        404,
        "templates_compare_not_found",
        "Templates to compare not found.",
        f"Verify that the parameters are correct. No templates found for templateName: {name} and templateLanguage: "
        f"{language}",
    )


def templates_compare_not_unique() -> PapiError:
    return PapiError(
        409,
        "templates_compare_not_unique",
        "Templates to compare not unique.",
        "Template can't be compared with itself. Provide unique templates for comparison.",
    )


def templates_not_eligible_for_comparison() -> PapiError:
    return PapiError(
        409,
        "templates_not_eligible_for_comparison",
        "Templates not eligible for comparison.",
        "Templates must have been sent at least 1,000 times in the specified timeframe.",
    )


# Meta-side failures of a submission, which an admin template rule can inject (`submitError`); the messages of the
# OpenAPI examples (the file_* ones name the example's component, as the examples do).
def template_policies_violations() -> PapiError:
    return PapiError(
        400,
        "template_policies_violations",
        "Your message couldn't be sent because it includes content that other people on Facebook have reported as "
        "abusive.",
        "Remove violating content. " + _DRAFT_HINT,
    )


def template_check_media_file_size() -> PapiError:
    return PapiError(
        400,
        "template_check_media_file_size",
        "Failed to check media file size.",
        "Ensure media file URL is correct and then try again later. " + _DRAFT_HINT,
    )


def template_media_file_size_exceeds_maximum_file_size_limit() -> PapiError:
    return PapiError(
        400,
        "template_media_file_size_exceeds_maximum_file_size_limit",
        "Template media file size exceeds maximum file size limit.",
        "Try again with a smaller file.",
    )


def file_invalid_mime_type() -> PapiError:
    return PapiError(
        400,
        "file_invalid_mime_type",
        "details.components[0].headerExample.media.url: invalid file mime type.",
        "Try again with supported mime types: image/jpeg, image/png, application/pdf, video/3gp, video/mp4.",
    )


def file_not_found() -> PapiError:
    return PapiError(
        409,
        "file_not_found",
        "details.components[0].headerExample.media.url: file not found.",
        "Verify that the url is correct.",
    )


def file_size_too_large() -> PapiError:
    return PapiError(
        409,
        "file_size_too_large",
        "details.components[0].headerExample.media.url: file size is too large.",
        "Try again with a smaller file. Max size for `image/jpeg` is 5MB.",
    )


def file_unexpected_error() -> PapiError:
    return PapiError(
        409,
        "file_unexpected_error",
        "details.components[0].headerExample.media.url: file unexpected error.",
        "The file cannot be handled properly. Please try with another one.",
    )


def template_submit_error() -> PapiError:
    return PapiError(424, "template_submit_error", "Template submit error.", "Please try again later. " + _DRAFT_HINT)


def whatsapp_business_api_request_limit_exceeded() -> PapiError:
    return PapiError(
        429,
        "whatsapp_business_api_request_limit_exceeded",
        "WhatsApp business api request limit reached.",
        "WhatsApp business API request limits reached. Please try again later.",
    )


def template_start_session_for_uploading_media() -> PapiError:
    return PapiError(
        500,
        "template_start_session_for_uploading_media",
        "Failed to start session for uploading template media example.",
        "Please try again later. " + _DRAFT_HINT,
    )


# What a template rule's `submitError` may name (they fail a submission at once; see the templates lifecycle).
TEMPLATE_SUBMIT_ERRORS: dict[str, Callable[[], PapiError]] = {
    "template_policies_violations": template_policies_violations,
    "template_check_media_file_size": template_check_media_file_size,
    "template_media_file_size_exceeds_maximum_file_size_limit": (
        template_media_file_size_exceeds_maximum_file_size_limit
    ),
    "file_invalid_mime_type": file_invalid_mime_type,
    "file_not_found": file_not_found,
    "file_size_too_large": file_size_too_large,
    "file_unexpected_error": file_unexpected_error,
    "template_submit_error": template_submit_error,
    "whatsapp_business_api_request_limit_exceeded": whatsapp_business_api_request_limit_exceeded,
    "template_start_session_for_uploading_media": template_start_session_for_uploading_media,
}


# --- Bundles ---------------------------------------------------------------------------------------------------


def no_services_to_create() -> PapiError:
    return PapiError(400, "no_services_to_create", "No services to create.", "Add at least one service to create.")


def missing_name() -> PapiError:
    return PapiError(
        400,
        "missing_name",
        "Missing name for bundles.",
        "Make sure you have given a separate service name or principal.",
    )


def bundle_not_found() -> PapiError:
    return PapiError(404, "bundle_not_found", "Bundle not found.", "Verify that the parameters are correct.")


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
    "template_insights_not_yet_available": template_insights_not_yet_available,
    "conversation_app_id_invalid": conversation_app_id_invalid,
    "conversation_app_not_found": conversation_app_not_found,
    **{
        f"conversation_app_no_{channel}_channel": functools.partial(conversation_app_no_channel, channel)
        for channel in ("instagram", "messenger", "telegram", "viber")
    },
    "invalid_payload": invalid_payload,
    "invalid_page_size": invalid_page_size,
    "invalid_page_token": invalid_page_token,
    "unauthorized_error": unauthorized,
    "webhook_not_found": webhook_not_found,
    "webhook_exists": webhook_exists,
    "webhook_limit_reached": webhook_limit_reached,
    "too_many_requests": too_many_requests,
    "internal_error": internal_error,
    "project_not_initialized": project_not_initialized,
    "project_not_found": project_not_found,
    "no_fields_to_update": no_fields_to_update,
    "account_not_found": account_not_found,
    "account_exists": account_exists,
    "account_not_updatable": account_not_updatable,
    "account_has_senders": account_has_senders,
    "account_has_sender_changes": account_has_sender_changes,
    "sender_not_found": sender_not_found,
    "sender_changes_not_found": sender_changes_not_found,
    "sender_changes_not_deletable": sender_changes_not_deletable,
    "sender_not_updatable": sender_not_updatable,
    "sender_changes_not_updatable": sender_changes_not_updatable,
    "sender_display_name_update_not_allowed": sender_display_name_update_not_allowed,
    "sender_username_update_not_available": sender_username_update_not_available,
    "sender_username_not_available": sender_username_not_available,
    "sender_already_deleted": sender_already_deleted,
    "not_allowed_register": not_allowed_register,
    "not_allowed_verify": not_allowed_verify,
    "wrong_otp": wrong_otp,
    "wrong_waba_id": wrong_waba_id,
    "not_found_waba_id": not_found_waba_id,
    "wrong_business_manager": wrong_business_manager,
    "used_phone_number_id": used_phone_number_id,
    "waba_id_used": waba_id_used,
    "solution_not_found": solution_not_found,
    "solution_cannot_be_reassigned": solution_cannot_be_reassigned,
    "flow_not_found": flow_not_found,
    "flow_screens_not_found": flow_screens_not_found,
    "invalid_fields": invalid_fields,
    "template_invalid_language_code": template_invalid_language_code,
    "template_not_found": template_not_found,
    "template_changes_not_found": template_changes_not_found,
    "template_exists": template_exists,
    "template_name_recently_used": template_name_recently_used,
    "template_language_recently_deleted": template_language_recently_deleted,
    "template_incorrect_category": template_incorrect_category,
    "template_invalid_category": template_invalid_category,
    "template_invalid_button_example": template_invalid_button_example,
    "template_restricted_Domain_for_button_url": template_restricted_domain_for_button_url,
    "template_dynamic_pricing_not_available": template_dynamic_pricing_not_available,
    "object_with_whatsapp_business_account_id_does_not_exist": object_with_whatsapp_business_account_id_does_not_exist,
    "template_limit_reached": template_limit_reached,
    "template_content_already_exists": template_content_already_exists,
    "template_not_updatable": template_not_updatable,
    "template_changes_not_updatable": template_changes_not_updatable,
    "template_category_not_updatable": template_category_not_updatable,
    "template_allow_category_change_not_updatable": template_allow_category_change_not_updatable,
    "template_source_not_updatable": template_source_not_updatable,
    "template_not_deletable_due_to_input_config": template_not_deletable_due_to_input_config,
    "templates_compare_not_found": templates_compare_not_found,
    "templates_compare_not_unique": templates_compare_not_unique,
    "templates_not_eligible_for_comparison": templates_not_eligible_for_comparison,
    **TEMPLATE_SUBMIT_ERRORS,
    "no_services_to_create": no_services_to_create,
    "missing_name": missing_name,
    "bundle_not_found": bundle_not_found,
}


# KakaoTalk (tags `KakaoTalk Categories`, `KakaoTalk Senders`, `KakaoTalk Templates`): the same codes as WhatsApp
# often carry other messages there, so the KakaoTalk group takes its errors from this table (code -> status,
# message, resolution; copied from the KakaoTalk operations' examples).
KAKAOTALK_ERROR_TABLE: dict[str, tuple[int, str, str]] = {
    "project_not_initialized": (
        400,
        "Project not initialized for KakaoTalk.",
        "Verify that the project ID is correct and that it has been onboarded for KakaoTalk.",
    ),
    "invalid_filter_states": (
        400,
        "Invalid filterStates.",
        "Verify that the filterStates used are supported by the Provisioning API.",
    ),
    "invalid_filter_statuses": (
        400,
        "Invalid filter statuses.",
        "Verify that the filterStatuses used are supported by the Provisioning API.",
    ),
    "file_invalid_mime_type": (
        400,
        "details.logoImage: invalid file mime type.",
        "Try again with supported mime types: image/jpeg, image/png.",
    ),
    "sender_invalid_category_code": (
        400,
        "Invalid sender category code(s).",
        "Verify that the sender category code(s) used is supported.",
    ),
    "account_exists": (409, "Account already exists.", "There can only be one KakaoTalk account for each project."),
    "account_not_updatable": (409, "Account is not updatable.", "Please contact support."),
    "account_data_is_corrupt": (409, "Account data is corrupt.", "Please contact support."),
    "file_not_found": (409, "details.logoImage: file not found.", "Verify that the url is correct."),
    "file_unexpected_error": (
        409,
        "details.logoImage: file unexpected error.",
        "The file cannot be handled properly. Please try with another one.",
    ),
    "file_size_too_large": (
        409,
        "details.logoImage: file size is too large.",
        "Try again with a smaller file. Max size for `image/jpeg` is 5MB.",
    ),
    "plus_friend_id_used": (
        409,
        "plusFriendId is already used.",
        "plusFriendId is already used by another Sender, verify that the parameters are correct.",
    ),
    "account_is_in_progress": (412, "Account creation is in progress.", "Please contact support."),
    "sender_already_deleted": (409, "The sender has been deleted within the last 60 days.", "Wait the required time."),
    "sender_changes_not_updatable": (
        409,
        "Sender is not updatable.",
        "Updates are only supported by sender changes with status: DRAFT",
    ),
    "sender_not_updatable": (
        409,
        "Sender is not updatable.",
        "Updates are only supported by senders with state: ACTIVE.",
    ),
    "sender_changes_not_deletable": (
        409,
        "Sender changes is not deletable.",
        "Only DRAFT, REJECTED senders changes can be marked for deletion.",
    ),
    "invalid_app_key": (400, "Invalid app key.", "Please check if the app key is correct"),
    "not_allowed_register": (
        409,
        "Sender not allowed to be registered.",
        'Sender in "ACTIVE" state can\'t be registered.',
    ),
    "not_allowed_verify": (
        409,
        "Sender not allowed to be verified.",
        'Sender has to be in "VERIFYING" state to be verified.',
    ),
    "template_invalid_category_code": (
        400,
        "Invalid template category code.",
        "Verify that the template category code used is supported for the provided project.",
    ),
    "template_exists": (
        409,
        "Template already exists.",
        "Templates must have unique name. Change name and submit again.",
    ),
    "template_kakaotalk_validation_error": (
        424,
        "Template kakaoTalk validation error: Some details from provider",
        "Please try again later. If template is saved as draft, try to submit the template again. If option "
        '"saveDraftOnFailure" is specified as "false", try the request again.',
    ),
    "template_not_updatable": (
        409,
        "Template is not updatable.",
        "Updates are only supported by templates with state: APPROVED, REJECTED.",
    ),
    "template_changes_not_updatable": (
        409,
        "Template is not updatable.",
        "Updates are only supported by template changes with status: DRAFT, REJECTED.",
    ),
    "template_not_deletable": (
        409,
        "Template is not deletable.",
        "Only templates that has not yet been submitted to KakaoTalk is eligible for deletion.",
    ),
}


def kakaotalk_error(
    code: str, *, message: str | None = None, additional_information: AdditionalInformation | None = None
) -> PapiError:
    """A KakaoTalk error by code, from KAKAOTALK_ERROR_TABLE (else the shared factories of this module)."""
    found = KAKAOTALK_ERROR_TABLE.get(code)
    if found is None:
        known = KNOWN_ERRORS[code]()
        return PapiError(known.status, known.error_code, message or known.message, known.resolution,
                         additional_information)  # fmt: skip
    status, default_message, resolution = found
    return PapiError(status, code, message or default_message, resolution, additional_information)


def _kakaotalk_only_errors() -> dict[str, Callable[[], PapiError]]:
    return {
        code: functools.partial(kakaotalk_error, code) for code in KAKAOTALK_ERROR_TABLE if code not in KNOWN_ERRORS
    }


KNOWN_ERRORS.update(_kakaotalk_only_errors())


# The RCS error examples of the description (v1.2.117), word for word (status, message, resolution); the shared
# codes (`invalid_input`, `invalid_id_format`, page errors...) are the factories above. `invalid_google_agent` and
# `user_cannot_be_reached` have the message "message" in the description: kept. Most are Sinch, Google or supplier
# data the emulator does not model: a fault rule's `errorCode` on an `/rcs/` path reaches them with these texts.
RCS_ERROR_TABLE: dict[str, tuple[int, str, str]] = {
    "account_not_found": (404, "Account not found.", "Verify that the parameters are correct."),
    "questionnaire_invalid_use_case": (
        400,
        "Invalid use case value.",
        "Verify that the use case value is supported by the Provisioning API.",
    ),
    "questionnaire_invalid_country": (400, "Invalid country.", "Use the supported values for the countries parameter."),
    "invalid_filter_states": (
        400,
        "Invalid filterStates.",
        "Verify that the filterStates used are supported by the Provisioning API.",
    ),
    "rbm_has_not_been_used": (
        403,
        "RBM has not been used.",
        "Please wait and try again or reach out to support at si-richmessaging@sinch.com",
    ),
    "rbm_too_many_requests": (429, "RCS Business Messaging too many requests.", "Please wait and try again."),
    "file_invalid_mime_type": (
        400,
        "details.brand.bannerUrl: invalid file mime type.",
        "Try again with supported mime types: image/jpeg, image/png.",
    ),
    "invalid_google_agent": (400, "message", "Verify the sender's fields."),
    "add_test_number_invalid": (400, "Invalid phone number.", "Please verify that phone number is correct."),
    "rbm_webhook_incorrect_secret": (
        403,
        "RBM webhook has incorrect secret",
        "Please wait and try again or reach out to support at si-richmessaging@sinch.com",
    ),
    "project_not_found": (404, "Project not found.", "Verify that the projectId is correct."),
    "rbm_resources_not_found": (
        404,
        "RBM resources not found.",
        "Verify that the parameters are correct, and contact support if error persists.",
    ),
    "account_data_is_corrupt": (409, "Account data is corrupt.", "Please contact support."),
    "file_not_found": (409, "details.brand.logoUrl: file not found.", "Verify that the url is correct."),
    "file_size_too_large": (
        409,
        "details.brand.bannerUrl: file size is too large.",
        "Try again with a smaller file. Max size for `image/jpeg` is 200KB.",
    ),
    "file_has_wrong_dimensions": (
        409,
        "details.brand.logoUrl: image has wrong dimensions.",
        "Try again with image dimensions: exact 224 x 224 px.",
    ),
    "file_unexpected_error": (
        409,
        "details.brand.logoUrl: file unexpected error.",
        "The file cannot be handled properly. Please try with another one.",
    ),
    "sender_not_found": (404, "Sender not found.", "Verify that the parameters are correct."),
    "fields_not_updatable": (
        400,
        "Fields not updatable.",
        "Only `details.countries` and `details.launch` can be updated when in state:  LAUNCHING, LAUNCHED.",
    ),
    "invalid_region_for_att_supplier": (
        400,
        "Invalid region for ATT supplier.",
        "ATT supplier is only allowed in the US region.",
    ),
    "blocked_because_the_recipient_declined": (
        404,
        "Blocked because the recipient declined.",
        "This operation is blocked because the recipient declined the invitation to become a tester.",
    ),
    "verification_suspended_in_gmb": (
        400,
        "Associated Google My Business is suspended",
        "Reverify Google My Business.",
    ),
    "launch_invalid_agent_state": (
        409,
        "Sender can't be launched.",
        "Launch are only supported by senders with state: IN_TEST, LAUNCHING, LAUNCHED, UNLAUNCHED.",
    ),
    "launch_invalid_verification_state": (
        409,
        "Sender verification can't be updated.",
        "Sender verification update are only supported by verifications with state: VERIFICATION_STATE_PENDING.",
    ),
    "launch_precondition_failed": (
        412,
        "Launch precondition failed.",
        "Correct the precondition errors and launch again.",
    ),
    "no_google_supplier": (400, "No google supplier in sender.", "Verify that the sender has google supplier."),
    "add_test_number_not_allowed_before_launch": (
        404,
        "Adding test number not allowed before launch.",
        "Carrier does not allow test number to be created prior to sender launch.",
    ),
    "user_cannot_be_reached": (404, "message", "Verify that the user has RCS feature available."),
    "user_is_not_tester_for_agent": (404, "Test number not found.", "Add test number to agent."),
    "wrong_supplier_configuration": (
        403,
        "Wrong supplier configuration is used, configuration needs to be setup via SI team",
        "Please reach out to support at si-richmessaging@sinch.com",
    ),
    "looking_up_the_rbm_agent": (404, "Looking up the RBM agent.", "There was an error looking up the RBM agent."),
    "user_has_not_accepted_invite": (
        404,
        "User has not accepted invite to become tester for agent.",
        "Please wait and try again later.",
    ),
}


def rcs_error(code: str, additional_information: AdditionalInformation | None = None) -> PapiError:
    """An RCS error by code, from RCS_ERROR_TABLE."""
    status, message, resolution = RCS_ERROR_TABLE[code]
    return PapiError(status, code, message, resolution, additional_information)


def error_for_code(status: int, error_code: str | None, path: str = "") -> PapiError:
    """The error a fault rule answers: a known code keeps its message but takes the rule's status. On a KakaoTalk
    path a code of KAKAOTALK_ERROR_TABLE takes the KakaoTalk message, on an RCS path one of RCS_ERROR_TABLE the RCS
    message."""
    if error_code in RCS_ERROR_TABLE and "/rcs/" in path:
        known = rcs_error(error_code)
        return PapiError(status, known.error_code, known.message, known.resolution)
    if error_code in KAKAOTALK_ERROR_TABLE and "/kakaotalk/" in path:
        known = kakaotalk_error(error_code)
        return PapiError(status, known.error_code, known.message, known.resolution)
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

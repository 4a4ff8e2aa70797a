"""Errors of the Sinch client, and how they become Terraform diagnostics."""

from __future__ import annotations

from typing import Any


class SinchError(Exception):
    """Base class: everything the client raises on purpose."""

    #: The request may have been applied by the API although no success answer arrived
    #: (a 5xx or a dropped connection after a write was sent). Creators check before retrying.
    outcome_unknown: bool = False

    def summary(self) -> str:
        return str(self)

    def detail(self) -> str:
        return ""


class ApiError(SinchError):
    """A PAPI error answer: ``{errorCode, message, resolution, additionalInformation}``."""

    def __init__(
        self,
        status: int,
        method: str,
        path: str,
        *,
        error_code: str | None = None,
        message: str | None = None,
        resolution: str | None = None,
        additional: dict[str, Any] | None = None,
        raw: str | None = None,
    ):
        self.status = status
        self.method = method
        self.path = path
        self.error_code = error_code
        self.message = message
        self.resolution = resolution
        self.additional = additional or {}
        self.raw = raw
        self.outcome_unknown = method not in ("GET", "HEAD") and status >= 500
        super().__init__(self.summary())

    @classmethod
    def from_response(cls, method: str, path: str, status: int, body: Any, text: str) -> ApiError:
        if isinstance(body, dict) and ("errorCode" in body or "message" in body):
            info = body.get("additionalInformation")
            return cls(
                status,
                method,
                path,
                error_code=body.get("errorCode"),
                message=body.get("message"),
                resolution=body.get("resolution"),
                additional=info if isinstance(info, dict) else None,
            )
        return cls(status, method, path, raw=text[:500] if text else None)

    @property
    def validation_errors(self) -> list[str]:
        errors = self.additional.get("validationErrors")
        return [str(e) for e in errors] if isinstance(errors, list) else []

    def summary(self) -> str:
        message = self.message or f"HTTP {self.status}"
        return f"Sinch API error: {message}"

    def detail(self) -> str:
        lines = [
            f"{self.method} {self.path} answered HTTP {self.status}"
            + (f" ({self.error_code})." if self.error_code else ".")
        ]
        if self.resolution:
            lines.append(f"Resolution: {self.resolution}")
        for err in self.validation_errors:
            lines.append(f"  - {err}")
        for key, value in self.additional.items():
            if key != "validationErrors":
                lines.append(f"{key}: {value}")
        if self.raw:
            lines.append(f"Response body: {self.raw}")
        return "\n".join(lines)


class AuthError(SinchError):
    """The OAuth2 token endpoint refused the credentials (or failed)."""

    def __init__(self, status: int, error: str | None, description: str | None, url: str):
        self.status = status
        self.error = error
        self.description = description
        self.url = url
        super().__init__(self.summary())

    def summary(self) -> str:
        return f"Sinch authentication failed: {self.description or self.error or f'HTTP {self.status}'}"

    def detail(self) -> str:
        return (
            f"POST {self.url} answered HTTP {self.status}" + (f" ({self.error})." if self.error else ".") + "\n"
            "Check key_id and key_secret (or SINCH_KEY_ID / SINCH_KEY_SECRET): they are the access key of the "
            "Sinch project, from the Sinch Build dashboard."
        )


class TransportError(SinchError):
    """No HTTP answer: connection refused, timeout, dropped connection."""

    def __init__(self, method: str, url: str, cause: Exception, *, sent: bool):
        self.method = method
        self.url = url
        self.cause = cause
        self.outcome_unknown = sent and method not in ("GET", "HEAD")
        super().__init__(self.summary())

    def summary(self) -> str:
        return f"Could not reach the Sinch API: {type(self.cause).__name__}"

    def detail(self) -> str:
        return f"{self.method} {self.url}: {self.cause or type(self.cause).__name__}"


def is_not_found(exc: BaseException) -> bool:
    return isinstance(exc, ApiError) and exc.status == 404

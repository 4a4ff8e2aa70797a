"""provider/types.py: durations, verification codes, email addresses and digit strings."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from provider.types import Duration, OtpCode, check_duration, check_email, check_otp, digits, email, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90.0),
        ("20m", 1200.0),
        ("1h30m", 5400.0),
        ("2h", 7200.0),
        ("1h1m1s", 3661.0),
        (" 5m ", 300.0),
        ("0s", 0.0),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", " ", "10", "5x", "m", "h", "1.5h", "30s1m", "-5m", "5 m", "20M"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match='must be a duration such as "90s", "20m" or "1h30m"'):
        parse_duration(text)


def test_duration_type_rejects_zero_and_garbage() -> None:
    adapter = TypeAdapter(Duration)
    assert adapter.validate_python("20m") == "20m"
    with pytest.raises(ValidationError, match="must be longer than 0s"):
        adapter.validate_python("0m")
    with pytest.raises(ValidationError, match="must be a duration"):
        adapter.validate_python("soon")
    assert check_duration("1s") == "1s"


def test_check_otp_accepts_six_digits() -> None:
    assert check_otp("123456") == "123456"
    assert check_otp("000000") == "000000"
    assert TypeAdapter(OtpCode).validate_python("654321") == "654321"


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", "12345a", "", " 12345", "123 456", "12-456"])
def test_check_otp_rejects(code: str) -> None:
    with pytest.raises(ValueError, match="must be exactly 6 digits"):
        check_otp(code)


@pytest.mark.parametrize(
    "code",
    [
        "\uff11\uff12\uff13\uff14\uff15\uff16",
        "\u0661\u0662\u0663\u0664\u0665\u0666",
        "\u00b9\u00b2\u00b3\u2074\u2075\u2076",
    ],
)
def test_check_otp_rejects_non_ascii_digits(code: str) -> None:
    with pytest.raises(ValueError):
        check_otp(code)


@pytest.mark.parametrize(
    "address",
    ["a@example.com", "first.last+tag@sub.example.co.uk", "x@EXAMPLE.COM", "o'brien@example.org", "a@xn--bcher-kva.ch"],
)
def test_check_email_accepts(address: str) -> None:
    assert check_email(address) == address


@pytest.mark.parametrize(
    "address",
    [
        "",
        "plain",
        "@example.com",
        "a@",
        "a@localhost",
        "a@example",
        "a@example.c",
        "a@example.123",
        "a@example.com.",
        "a@-example.com",
        "a b@example.com",
        "a@exa mple.com",
        "a@@example.com",
    ],
)
def test_check_email_rejects(address: str) -> None:
    with pytest.raises(ValueError, match="must be an email address"):
        check_email(address)


def test_email_type_has_a_length_limit() -> None:
    adapter = TypeAdapter(email(20))
    assert adapter.validate_python("a@example.com") == "a@example.com"
    with pytest.raises(ValidationError, match="at most 20 characters"):
        adapter.validate_python("someone@example.com.au")


def test_digits_type() -> None:
    adapter = TypeAdapter(digits(1, 4))
    assert adapter.validate_python("48") == "48"
    for bad in ("", "12345", "4a", "+48", "\u0661\u0662"):
        with pytest.raises(ValidationError):
            adapter.validate_python(bad)


def test_verification_code_attribute_rejects_non_ascii_digits() -> None:
    from resources.whatsapp_sender import WhatsappSender

    assert WhatsappSender.attr("verification_code").validate("\uff11\uff12\uff13\uff14\uff15\uff16") != []


@pytest.mark.parametrize("address", [".a@example.com", "a.@example.com", "a..b@example.com", "x" * 65 + "@example.com"])
def test_check_email_rejects_what_the_api_rejects(address: str) -> None:
    with pytest.raises(ValueError, match="must be an email address"):
        check_email(address)

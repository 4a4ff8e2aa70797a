"""provider/types.py: the URL rules checked at plan time."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from provider.types import BaseUrl, IdSegment, check_base_url, check_http_url, http_url, text


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/x",
        "http://1.2.3.4:8080/p",
        # An IPv6 literal is an IP address, so it passes the host rule (loopback included: only names are judged).
        "https://[::1]/x",
        "http://[2001:db8::1]:8443/cb",
        "https://user:pw@example.com/x?y=1#frag",
        "https://xn--bcher-kva.example/",
        "https://sub-domain.example.co.uk:443/a/b",
        "https://example.com:65535/x",
    ],
)
def test_check_http_url_accepts(url: str) -> None:
    assert check_http_url(url) == url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/x", "must be an absolute http:// or https:// URL"),
        ("example.com/x", "must be an absolute http:// or https:// URL"),
        ("//example.com/x", "must be an absolute http:// or https:// URL"),
        ("https://exa mple.com/x", "must be a URL without spaces"),
        ("https://example.com/x\ty", "must be a URL without spaces"),
        ("http://localhost/x", "must be a URL whose host is an IP address or a fully qualified domain name"),
        ("http://localhost:8080/x", "(the Sinch API rejects hosts such as 'localhost')"),
        ("https://intranet/x", "must be a URL whose host is an IP address or a fully qualified domain name"),
        ("https://exa_mple.com/x", "must be a URL whose host is an IP address or a fully qualified domain name"),
        ("https://example.123/x", "must be a URL whose host is an IP address or a fully qualified domain name"),
        ("https:///x", "must be a URL whose host is an IP address or a fully qualified domain name"),
        ("https://example.com:99999/x", "must be a valid URL: port '99999' is not a number from 1 to 65535"),
        ("https://example.com:port/x", "must be a valid URL: port 'port' is not a number from 1 to 65535"),
        ("https://example.com:+443/x", "port '+443' is not a number from 1 to 65535"),
        ("https://[2001:db8::1]:65536/x", "port '65536' is not a number from 1 to 65535"),
    ],
)
def test_check_http_url_rejects(url: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        check_http_url(url)
    assert message in str(info.value)


@pytest.mark.parametrize("url", ["https://example.com:0/x", "https://example.com./x"])
def test_check_http_url_rejects_what_the_api_rejects(url: str) -> None:
    with pytest.raises(ValueError):
        check_http_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8077",
        "http://localhost:1",
        "http://localhost:65535/",
        "http://[::1]:8077",
        "http://localhost:/",  # an empty port is the scheme's default (RFC 3986)
        "https://provisioning.api.sinch.com",
    ],
)
def test_check_base_url_accepts(url: str) -> None:
    assert check_base_url(url) == url


@pytest.mark.parametrize("url", ["localhost:8077", "ftp://example.com", "http://", "not a url", ""])
def test_check_base_url_rejects(url: str) -> None:
    with pytest.raises(ValueError, match="must be an absolute http:// or https:// URL"):
        check_base_url(url)


@pytest.mark.parametrize(
    "port", ["70000", "99999", "65536", "0", "00", "abc", "-1", "+80", "\uff18\uff10", "80:90", "1e3"]
)
@pytest.mark.parametrize(
    "template", ["http://127.0.0.1:{}", "https://auth.example.com:{}/oauth2/token", "http://[::1]:{}"]
)
def test_check_base_url_rejects_impossible_ports(template: str, port: str) -> None:
    """httpx sends such a port on to the socket (or drops it silently): it must fail here, naming the rule."""
    with pytest.raises(ValueError, match="is not a number from 1 to 65535"):
        check_base_url(template.format(port))


@pytest.mark.parametrize("url", ["http://exa mple.com", "http://localhost:8077/\x00", "http://localhost\n:8077"])
def test_check_base_url_rejects_spaces_and_control_characters(url: str) -> None:
    with pytest.raises(ValueError, match="without spaces or control characters"):
        check_base_url(url.encode().decode("unicode_escape"))


def test_http_url_type_combines_length_and_url_rules() -> None:
    adapter = TypeAdapter(http_url(max_length=30))
    assert adapter.validate_python("https://example.com/x") == "https://example.com/x"
    with pytest.raises(ValidationError, match="at most 30 characters"):
        adapter.validate_python("https://example.com/" + "x" * 20)
    with pytest.raises(ValidationError, match="localhost"):
        adapter.validate_python("http://localhost/x")


def test_text_and_id_segment_and_base_url_types() -> None:
    assert TypeAdapter(text(2, 3)).validate_python("abc") == "abc"
    with pytest.raises(ValidationError):
        TypeAdapter(text(2, 3)).validate_python("a")
    with pytest.raises(ValidationError, match="must not contain '/'"):
        TypeAdapter(IdSegment).validate_python("a/b")
    with pytest.raises(ValidationError):
        TypeAdapter(IdSegment).validate_python("")
    for dots in (".", ".."):  # resolved away in a URL path: ".." as a sender ID addresses the account
        with pytest.raises(ValidationError, match=f"must not be '{dots}'"):
            TypeAdapter(IdSegment).validate_python(dots)
    assert TypeAdapter(IdSegment).validate_python("...") == "..."
    with pytest.raises(ValidationError, match="absolute http"):
        TypeAdapter(BaseUrl).validate_python("127.0.0.1:8077")

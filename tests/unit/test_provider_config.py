"""provider/provider.py: provider block validation, configuration and environment fallbacks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tf.gen import tfplugin_pb2 as pb
from tf.types import Unknown
from tf.utils import Diagnostics, to_dynamic_value

import provider.client
from provider.client import DEFAULT_AUTH_URL, DEFAULT_PROVISIONING_URL
from provider.provider import SETTINGS, SinchProvider
from provider.servicer import SinchServicer
from resources.main import build_provider

NULL_CONFIG: dict[str, Any] = {attr.name: None for attr, _ in SETTINGS}


def validate(config: dict[str, Any]) -> Diagnostics:
    diags = Diagnostics()
    build_provider().validate_config(diags, {**NULL_CONFIG, **config})
    return diags


def error_paths(diags: Diagnostics) -> list[list[Any] | None]:
    return [d.path for d in diags.diagnostics if d.severity == "error"]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """check_credentials is the provider's only network call at configuration: record it instead."""
    checked: list[str | None] = []
    monkeypatch.setattr(
        provider.client.SinchClient, "check_credentials", lambda self, project_id: checked.append(project_id)
    )
    return checked


@pytest.fixture
def configured() -> Iterator[SinchProvider]:
    p = build_provider()
    yield p
    if p.client is not None:
        p.client.close()


# ----------------------------------------------------------------------------------------------
# validate_config
# ----------------------------------------------------------------------------------------------


def test_valid_provider_config(no_sinch_env: None) -> None:
    diags = validate(
        {
            "key_id": "k",
            "key_secret": "s",
            "project_id": "p1",
            "provisioning_url": "http://localhost:8077",
            "auth_url": "http://127.0.0.1:8077/oauth2/token",
            "auth": "basic",
            "request_timeout": 30,
            "max_retries": 0,
        }
    )
    assert diags.diagnostics == []


@pytest.mark.parametrize(
    ("config", "path", "fragment"),
    [
        ({"auth": "token"}, ["auth"], "auth must be 'oauth2' or 'basic', not 'token'"),
        ({"max_retries": 11}, ["max_retries"], "max_retries must be at most 10, not 11"),
        ({"max_retries": -1}, ["max_retries"], "max_retries must be at least 0, not -1"),
        ({"request_timeout": 0}, ["request_timeout"], "request_timeout must be greater than 0, not 0"),
        ({"request_timeout": 601}, ["request_timeout"], "request_timeout must be at most 600, not 601"),
        ({"provisioning_url": "not a url"}, ["provisioning_url"], "must be an absolute http:// or https:// URL"),
        ({"auth_url": "auth.sinch.com/oauth2/token"}, ["auth_url"], "must be an absolute http:// or https:// URL"),
        ({"project_id": "a/b"}, ["project_id"], "project_id must not contain '/'"),
        ({"project_id": ".."}, ["project_id"], "project_id must not be '..'"),
        ({"key_id": ""}, ["key_id"], "key_id must not be empty"),
        ({"key_secret": ""}, ["key_secret"], "key_secret must not be empty"),
        ({"provisioning_url": "http://127.0.0.1:70000"}, ["provisioning_url"], "port '70000' is not a number from 1"),
        ({"provisioning_url": "http://127.0.0.1:99999"}, ["provisioning_url"], "port '99999' is not a number from 1"),
        ({"provisioning_url": "http://127.0.0.1:0"}, ["provisioning_url"], "port '0' is not a number from 1"),
        ({"auth_url": "http://127.0.0.1:http/oauth2/token"}, ["auth_url"], "port 'http' is not a number from 1"),
        ({"auth_url": "https://auth.sinch.com:65536/oauth2/token"}, ["auth_url"], "port '65536' is not a number"),
    ],
)
def test_invalid_provider_config(no_sinch_env: None, config: dict[str, Any], path: list[str], fragment: str) -> None:
    diags = validate(config)
    assert error_paths(diags) == [path]
    assert fragment in diags.diagnostics[0].detail


def test_unknown_provider_values_are_not_judged(no_sinch_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # nor the environment variables they would fall back to: the configured value wins once known
    monkeypatch.setenv("SINCH_PROVISIONING_URL", "http://127.0.0.1:70000")
    assert validate({"auth": Unknown, "max_retries": Unknown, "provisioning_url": Unknown}).diagnostics == []


@pytest.mark.parametrize(("name", "raw", "value"), [("request_timeout", "2.2", 2.2), ("max_retries", "3", 3)])
def test_numbers_terraform_sends_as_text_are_valid(no_sinch_env: None, name: str, raw: str, value: float) -> None:
    """2.2 is not exactly a float64, so Terraform sends it as the text "2.2": it is a number all the same."""
    assert validate({name: raw}).diagnostics == []
    servicer = SinchServicer(build_provider())
    response = servicer.ValidateProviderConfig(
        pb.ValidateProviderConfig.Request(config=to_dynamic_value({**NULL_CONFIG, name: raw})), None
    )
    assert list(response.diagnostics) == []


def test_configure_takes_numbers_sent_as_text(
    no_sinch_env: None, no_network: list[str | None], configured: SinchProvider
) -> None:
    diags = Diagnostics()
    configured.configure_provider(diags, {**NULL_CONFIG, "key_id": "k", "key_secret": "s", "request_timeout": "2.2"})
    assert diags.diagnostics == []
    assert configured.client is not None and configured.client.settings.request_timeout == 2.2


# ----------------------------------------------------------------------------------------------
# SINCH_* variables at validate
# ----------------------------------------------------------------------------------------------

BAD_ENVIRONMENT = [
    ("SINCH_PROVISIONING_URL", "http://127.0.0.1:70000", "provisioning_url must be a valid URL: port '70000'"),
    ("SINCH_PROVISIONING_URL", "http://127.0.0.1:0", "provisioning_url must be a valid URL: port '0'"),
    ("SINCH_AUTH_URL", "http://127.0.0.1:99999/oauth2/token", "auth_url must be a valid URL: port '99999'"),
    ("SINCH_AUTH_URL", "http://127.0.0.1:x/oauth2/token", "auth_url must be a valid URL: port 'x'"),
    ("SINCH_PROJECT_ID", "a/b", "project_id must not contain '/'"),
    ("SINCH_KEY_ID", "..", "key_id must not be '..'"),
    ("SINCH_AUTH", "token", "auth must be 'oauth2' or 'basic', not 'token'"),
    (
        "SINCH_MAX_RETRIES",
        "lots",
        "SINCH_MAX_RETRIES must be a number, got 'lots' (it sets the provider's max_retries)",
    ),
    ("SINCH_REQUEST_TIMEOUT", "601", "request_timeout must be at most 600, not 601"),
]


@pytest.mark.parametrize(("name", "value", "fragment"), BAD_ENVIRONMENT)
def test_environment_is_checked_when_the_provider_block_is_validated(
    no_sinch_env: None, monkeypatch: pytest.MonkeyPatch, name: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(name, value)
    diags = validate({})
    assert [(d.summary, d.path) for d in diags.diagnostics] == [(f"Invalid {name}", None)]
    assert fragment in diags.diagnostics[0].detail


def test_a_configured_argument_hides_its_environment_variable(
    no_sinch_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SINCH_PROVISIONING_URL", "http://127.0.0.1:70000")
    assert validate({"provisioning_url": "http://127.0.0.1:8077"}).diagnostics == []


@pytest.mark.parametrize(("name", "value", "fragment"), BAD_ENVIRONMENT)
def test_environment_is_checked_by_resource_validation_without_a_provider_block(
    no_sinch_env: None, monkeypatch: pytest.MonkeyPatch, name: str, value: str, fragment: str
) -> None:
    """`terraform validate` does not validate an empty or absent provider block: the first resource or data
    source validated reports the bad variable, once."""
    monkeypatch.setenv(name, value)
    servicer = SinchServicer(build_provider())
    webhook = {"id": None, "project_id": None, "target": "https://h.example.com/x", "secret": "s", "triggers": ["ALL"]}
    first = servicer.ValidateResourceConfig(
        pb.ValidateResourceConfig.Request(type_name="sinch_webhook", config=to_dynamic_value(webhook)), None
    )
    assert [d.summary for d in first.diagnostics] == [f"Invalid {name}"]
    assert fragment in first.diagnostics[0].detail
    again = servicer.ValidateDataResourceConfig(
        pb.ValidateDataResourceConfig.Request(
            type_name="sinch_webhooks", config=to_dynamic_value({"project_id": None, "webhooks": None})
        ),
        None,
    )
    assert list(again.diagnostics) == []


def test_resource_validation_leaves_the_environment_to_a_validated_provider_block(
    no_sinch_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SINCH_PROVISIONING_URL", "http://127.0.0.1:70000")
    p = build_provider()
    p.validate_config(Diagnostics(), {**NULL_CONFIG, "provisioning_url": "http://127.0.0.1:8077"})
    diags = Diagnostics()
    p.check_environment(diags)
    assert diags.diagnostics == []


def test_validate_provider_config_rpc(no_sinch_env: None) -> None:
    servicer = SinchServicer(build_provider())
    response = servicer.ValidateProviderConfig(
        pb.ValidateProviderConfig.Request(config=to_dynamic_value({**NULL_CONFIG, "auth": "token"})), None
    )
    assert [d.summary for d in response.diagnostics] == ["Invalid provider auth"]
    assert [s.attribute_name for s in response.diagnostics[0].attribute.steps] == ["auth"]


# ----------------------------------------------------------------------------------------------
# configure_provider
# ----------------------------------------------------------------------------------------------


def test_missing_credentials_name_the_attributes_and_env_vars(
    no_sinch_env: None, no_network: list[str | None], configured: SinchProvider
) -> None:
    diags = Diagnostics()
    configured.configure_provider(diags, dict(NULL_CONFIG))
    assert error_paths(diags) == [["key_id"], ["key_secret"]]
    assert "SINCH_KEY_ID" in diags.diagnostics[0].detail
    assert "SINCH_KEY_SECRET" in diags.diagnostics[1].detail
    assert configured.client is None
    assert configured.not_configured_reason == "The provider has no credentials."
    assert no_network == []


def test_configure_provider_rpc_without_credentials(no_sinch_env: None, no_network: list[str | None]) -> None:
    servicer = SinchServicer(build_provider())
    response = servicer.ConfigureProvider(pb.ConfigureProvider.Request(config=to_dynamic_value(NULL_CONFIG)), None)
    assert [[s.attribute_name for s in d.attribute.steps] for d in response.diagnostics] == [
        ["key_id"],
        ["key_secret"],
    ]


def test_environment_fallbacks_when_config_is_null(
    no_sinch_env: None, no_network: list[str | None], configured: SinchProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        "SINCH_KEY_ID": "env-key",
        "SINCH_KEY_SECRET": "env-secret",
        "SINCH_PROJECT_ID": "env-project",
        "SINCH_PROVISIONING_URL": "http://localhost:8077",
        "SINCH_AUTH_URL": "http://localhost:8077/oauth2/token",
        "SINCH_AUTH": "basic",
        "SINCH_REQUEST_TIMEOUT": "2.5",
        "SINCH_MAX_RETRIES": "0",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    diags = Diagnostics()
    configured.configure_provider(diags, dict(NULL_CONFIG))
    assert diags.diagnostics == []
    assert configured.client is not None
    settings = configured.client.settings
    assert (settings.key_id, settings.key_secret) == ("env-key", "env-secret")
    assert settings.provisioning_url == "http://localhost:8077"
    assert settings.auth_url == "http://localhost:8077/oauth2/token"
    assert settings.auth == "basic"
    assert settings.request_timeout == 2.5
    assert settings.max_retries == 0
    assert configured.default_for("project_id") == "env-project"
    assert configured.not_configured_reason is None
    assert no_network == ["env-project"]


def test_config_beats_environment_and_defaults_apply(
    no_sinch_env: None, no_network: list[str | None], configured: SinchProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SINCH_KEY_ID", "env-key")
    monkeypatch.setenv("SINCH_KEY_SECRET", "env-secret")
    diags = Diagnostics()
    configured.configure_provider(diags, {**NULL_CONFIG, "key_id": "cfg-key", "max_retries": 7})
    assert diags.diagnostics == []
    assert configured.client is not None
    settings = configured.client.settings
    assert (settings.key_id, settings.key_secret) == ("cfg-key", "env-secret")
    assert settings.provisioning_url == DEFAULT_PROVISIONING_URL
    assert settings.auth_url == DEFAULT_AUTH_URL
    assert settings.auth == "oauth2"
    assert settings.request_timeout == 30.0
    assert settings.max_retries == 7
    assert configured.default_for("project_id") is None
    assert no_network == [None]


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("SINCH_MAX_RETRIES", "lots", "SINCH_MAX_RETRIES must be a number, got 'lots'"),
        ("SINCH_REQUEST_TIMEOUT", "fast", "SINCH_REQUEST_TIMEOUT must be a number, got 'fast'"),
        ("SINCH_AUTH", "token", "SINCH_AUTH: auth must be 'oauth2' or 'basic', not 'token'"),
        ("SINCH_PROVISIONING_URL", "provisioning.local", "must be an absolute http:// or https:// URL"),
        ("SINCH_PROJECT_ID", "a/b", "must not contain '/'"),
    ],
)
def test_invalid_environment_values(
    no_sinch_env: None,
    no_network: list[str | None],
    configured: SinchProvider,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    value: str,
    fragment: str,
) -> None:
    monkeypatch.setenv("SINCH_KEY_ID", "k")
    monkeypatch.setenv("SINCH_KEY_SECRET", "s")
    monkeypatch.setenv(name, value)
    diags = Diagnostics()
    configured.configure_provider(diags, dict(NULL_CONFIG))
    assert [d.summary for d in diags.diagnostics] == [f"Invalid {name}"]
    assert fragment in diags.diagnostics[0].detail
    assert configured.client is None
    assert no_network == []


@pytest.mark.parametrize(("name", "value"), [("SINCH_MAX_RETRIES", "11"), ("SINCH_REQUEST_TIMEOUT", "-1")])
def test_environment_values_obey_the_provider_ranges(
    no_sinch_env: None,
    no_network: list[str | None],
    configured: SinchProvider,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    value: str,
) -> None:
    monkeypatch.setenv("SINCH_KEY_ID", "k")
    monkeypatch.setenv("SINCH_KEY_SECRET", "s")
    monkeypatch.setenv(name, value)
    diags = Diagnostics()
    configured.configure_provider(diags, dict(NULL_CONFIG))
    assert diags.has_errors()
    assert configured.client is None


def test_configure_checks_configured_values_not_known_at_validate(
    no_sinch_env: None, no_network: list[str | None], configured: SinchProvider
) -> None:
    """A provider block whose URL came from another resource was unknown at validate: configure judges it."""
    diags = Diagnostics()
    config = {**NULL_CONFIG, "key_id": "k", "key_secret": "s", "provisioning_url": "http://127.0.0.1:70000"}
    configured.configure_provider(diags, config)
    assert [(d.summary, d.path) for d in diags.diagnostics] == [
        ("Invalid provider provisioning_url", ["provisioning_url"])
    ]
    assert configured.client is None
    assert no_network == []


def test_unknown_configuration_defers(no_sinch_env: None, no_network: list[str | None]) -> None:
    p = build_provider()
    diags = Diagnostics()
    p.configure_provider(diags, {**NULL_CONFIG, "key_id": "k", "key_secret": "s", "project_id": Unknown})
    assert diags.diagnostics == []
    assert p.client is None
    assert p.default_for("project_id") is Unknown
    assert "not known until apply" in (p.not_configured_reason or "")
    assert no_network == []


def test_env_name_mapping() -> None:
    p = build_provider()
    assert {attr.name: p.env_name(attr.name) for attr, _ in SETTINGS} == {
        "key_id": "SINCH_KEY_ID",
        "key_secret": "SINCH_KEY_SECRET",
        "project_id": "SINCH_PROJECT_ID",
        "provisioning_url": "SINCH_PROVISIONING_URL",
        "auth_url": "SINCH_AUTH_URL",
        "auth": "SINCH_AUTH",
        "request_timeout": "SINCH_REQUEST_TIMEOUT",
        "max_retries": "SINCH_MAX_RETRIES",
    }

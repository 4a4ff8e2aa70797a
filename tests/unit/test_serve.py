"""provider/serve.py: what every start and exit of the provider costs (Terraform starts it three times per plan)."""

from __future__ import annotations

import base64
import json
import os
import ssl
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest
from tf.gen import grpc_controller_pb2 as controller_pb
from tf.gen import grpc_controller_pb2_grpc as controller_rpc
from tf.gen import tfplugin_pb2 as pb
from tf.gen import tfplugin_pb2_grpc as rpc

from provider.main import MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE
from provider.serve import server_certificate

ROOT = Path(__file__).resolve().parents[2]
#: Imported only once a provider process needs them (configured, logging a line, making a certificate).
HEAVY = ("httpx", "httpcore", "cryptography", "pythonjsonlogger")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def test_the_certificate_comes_from_the_cache_while_valid(home: Path) -> None:
    cache = home / "tls.json"
    chain, _ = server_certificate(cache)
    cached = json.loads(cache.read_text())
    assert base64.b64decode(cached["cert_chain"]) == chain
    assert datetime.fromisoformat(cached["not_valid_after"]) > datetime.now(UTC) + timedelta(days=1)
    assert oct(cache.stat().st_mode & 0o777) == "0o600"  # it holds the private key
    assert server_certificate(cache)[0] == chain


@pytest.mark.parametrize("content", ["not json", "{}", '{"not_valid_after": "2020-01-01T00:00:00+00:00"}'])
def test_a_broken_or_expiring_cache_is_made_anew(home: Path, content: str) -> None:
    cache = home / "tls.json"
    cache.write_text(content)
    chain, _ = server_certificate(cache)
    assert base64.b64decode(json.loads(cache.read_text())["cert_chain"]) == chain


def test_what_runs_before_the_handshake_imports_nothing_heavy(home: Path) -> None:
    """Building the provider, its servicer and the TLS credentials (from the cache) leaves httpx, cryptography
    and the JSON log formatter unimported."""
    server_certificate(home / "tls.json")  # fill the cache
    code = (
        "import sys; from provider import logs; logs.setup();"
        "from resources.main import build_provider; from provider.servicer import SinchServicer;"
        "from provider.serve import server_certificate; from pathlib import Path;"
        f"SinchServicer(build_provider()); server_certificate(Path({str(home / 'tls.json')!r}));"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_the_provider_serves_then_exits_at_once_on_shutdown(home: Path) -> None:
    """As Terraform drives it: handshake, a TLS connection trusting the certificate of the handshake, a call,
    GRPCController.Shutdown; the process then exits with 0 by itself (Terraform waits for that exit)."""
    env = {**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE, "PLUGIN_PROTOCOL_VERSIONS": "6"}
    process = subprocess.Popen(
        [sys.executable, "-m", "resources.main"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        core, protocol, network, address, kind, certificate = process.stdout.readline().strip().split("|")
        assert (core, protocol, network, kind) == ("1", "6", "unix", "grpc")
        der = base64.b64decode(certificate + "=" * (-len(certificate) % 4))
        credentials = grpc.ssl_channel_credentials(root_certificates=ssl.DER_cert_to_PEM_cert(der).encode())
        options = [("grpc.ssl_target_name_override", "localhost")]
        with grpc.secure_channel(f"unix://{address}", credentials, options) as channel:
            schema = rpc.ProviderStub(channel).GetProviderSchema(pb.GetProviderSchema.Request(), timeout=30)
            assert "sinch_webhook" in schema.resource_schemas
            controller_rpc.GRPCControllerStub(channel).Shutdown(controller_pb.Empty(), timeout=30)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        process.wait()

"""EmulatorServer lifecycle and the `sinch-emulator` console script."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from emulator.server import EmulatorServer

REPO = Path(__file__).resolve().parents[2]


def test_start_blocks_until_ready_and_stop_is_quick() -> None:
    server = EmulatorServer()
    with pytest.raises(RuntimeError):
        _ = server.url
    server.start()
    try:
        assert server.port > 0
        assert server.url == f"http://127.0.0.1:{server.port}"
        with httpx.Client(base_url=server.url) as client:  # keep-alive connection open during stop
            assert client.get("/_emulator/health").json() == {"status": "ok"}
            start = time.monotonic()
            server.stop()
            assert time.monotonic() - start < 1.0
            with pytest.raises(httpx.TransportError):
                client.get("/_emulator/health")
    finally:
        server.stop()


def test_context_manager_and_custom_credentials() -> None:
    with EmulatorServer(key_id="k", key_secret="s") as server:
        url = server.url + "/v1/projects/p/webhooks"
        assert httpx.get(url, auth=("k", "s")).status_code == 200
        assert httpx.get(url, auth=("emulator-key", "emulator-secret")).status_code == 401


def test_port_in_use_fails_to_start(emulator: EmulatorServer) -> None:
    with pytest.raises(OSError):
        EmulatorServer(port=emulator.port).start()


def test_console_script_prints_one_line_and_stops_on_sigterm() -> None:
    env = {**os.environ, "SINCH_EMULATOR_KEY_ID": "env-key", "SINCH_EMULATOR_KEY_SECRET": "env-secret"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from emulator.main import main; sys.exit(main())", "--port", "0"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("Sinch emulator listening on http://127.0.0.1:")
        url = line.strip().rsplit(" ", 1)[1]
        assert httpx.get(url + "/v1/projects/p/webhooks", auth=("env-key", "env-secret")).status_code == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
        assert proc.stdout.read() == ""  # exactly one line
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

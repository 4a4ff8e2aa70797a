"""provider/stopping.py and how the client, waits and resources obey a stop (Ctrl-C, a dead parent)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from typing import Any

import httpx
import pytest
from tf.iface import CreateContext
from tf.utils import Diagnostics

from provider.client import ClientSettings, SinchClient
from provider.serve import watch_parent
from provider.stopping import StopFlag, Stopped
from resources.webhook import Webhook
from resources.whatsapp_sender import WhatsappSender
from tests.unit.conftest import API_URL, KEY_ID, KEY_SECRET, FakeSinch, project_provider, reply

WEBHOOK = {"id": None, "project_id": "p1", "target": "https://h.example.com/a", "secret": "s", "triggers": ["ALL"]}


def client(fake: FakeSinch, stop: StopFlag | None = None) -> SinchClient:
    settings = ClientSettings(KEY_ID, KEY_SECRET, provisioning_url=API_URL, auth="basic", retry_backoff=0.01)
    return SinchClient(settings, transport=fake.transport(), stop=stop)


def test_stop_flag_sleep_ends_early_and_raises() -> None:
    flag = StopFlag()
    threading.Timer(0.05, flag.stop, args=("test",)).start()
    started = time.monotonic()
    with pytest.raises(Stopped, match="Stopped: test"):
        flag.sleep(30)
    assert time.monotonic() - started < 5


def test_first_reason_wins() -> None:
    flag = StopFlag()
    flag.stop("first")
    flag.stop("second")
    assert flag.reason == "first"
    with pytest.raises(Stopped, match="first"):
        flag.check()


def test_a_stopped_client_sends_nothing_new() -> None:
    fake = FakeSinch(api=[reply(200, {})])
    stop = StopFlag()
    sinch = client(fake, stop)
    stop.stop("interrupted")
    with pytest.raises(Stopped):
        sinch.post("/v1/projects/p1/webhooks", {})
    assert fake.api_requests == []
    # a read that finishes a request already on the wire still goes out
    assert sinch.get("/v1/projects/p1/webhooks", finishing=True) == {}
    assert len(fake.api_requests) == 1


def test_a_stop_during_retry_backoff_ends_the_retries() -> None:
    stop = StopFlag()

    def answer(request: httpx.Request) -> httpx.Response:
        stop.stop("interrupted")  # arrives while the first attempt is on the wire
        return httpx.Response(503, json={"errorCode": "internal_error", "message": "Internal server error."})

    fake = FakeSinch(api=[answer])
    with pytest.raises(Stopped):
        client(fake, stop).get("/v1/projects/p1/webhooks")
    assert len(fake.api_requests) == 1


def test_create_stopped_before_sending_reports_an_error_and_no_state() -> None:
    fake = FakeSinch(api=[reply(201, {"id": "w1", "target": WEBHOOK["target"], "triggers": ["ALL"]})])
    provider = project_provider(fake)
    provider.client.stop.stop("interrupted")
    diags = Diagnostics()
    assert Webhook(provider).create(CreateContext(diags, "sinch_webhook"), dict(WEBHOOK)) is None
    assert diags.has_errors()
    assert fake.api_requests == []


def test_a_stop_during_the_wait_keeps_the_object_untainted() -> None:
    """Create returns the sender with a warning (no error: Terraform would taint it)."""
    created = {"id": "6f0e1d1c-5b4a-4c3b-8a2d-1e0f9c8b7a65", "changes": {"status": "IN_PROGRESS"}}
    provider = project_provider(None)
    stop = StopFlag()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            stop.stop("interrupted")
        return httpx.Response(201 if request.method == "POST" else 200, json=created)

    fake = FakeSinch(api=[answer])
    settings = ClientSettings(KEY_ID, KEY_SECRET, provisioning_url=API_URL, auth="basic", retry_backoff=0.01)
    provider.client = SinchClient(settings, transport=fake.transport(), stop=stop)
    provider.not_configured_reason = None
    planned: dict[str, Any] = {a.name: None for a in WhatsappSender.attributes}
    planned.update(project_id="p1", waba_id="1", phone_number_id="2", wait_for_state="ACTIVE")
    diags = Diagnostics()
    state = WhatsappSender(provider).create(CreateContext(diags, "sinch_whatsapp_sender"), planned)
    assert state is not None and state["id"] == created["id"]
    assert not diags.has_errors()
    assert any("Stopped waiting" in d.summary for d in diags.diagnostics)


def test_watch_parent_calls_back_once_the_parent_is_gone() -> None:
    gone = threading.Event()
    watch_parent(os.getpid() + 10_000_000, gone.set, interval=0.01)  # "the parent" is already not ours
    assert gone.wait(5)


def test_the_served_provider_exits_when_its_parent_dies(tmp_path: Any) -> None:
    """A parent (sh) starts the provider and is killed: the provider notices and exits."""
    pid_file = tmp_path / "pid"
    script = f"{sys.executable} -P -m provider.main & echo $! > {pid_file}; wait"
    parent = subprocess.Popen(["sh", "-c", script], stdout=subprocess.DEVNULL, cwd=os.getcwd())
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text().strip()):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    provider_pid = int(pid_file.read_text())
    time.sleep(1.0)  # let it start serving
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 20
    while _alive(provider_pid):
        assert time.monotonic() < deadline, "the provider outlived its parent"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

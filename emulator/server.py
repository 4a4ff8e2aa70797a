"""Run the emulator with uvicorn in a daemon thread: for tests, the demo and the console script.

with EmulatorServer() as server:          # port 0: a free port is picked
    httpx.get(server.url + "/_emulator/health")
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.applications import Starlette

from emulator.app import create_app
from emulator.middleware import DROPPED_RESPONSE_LOG_MESSAGE
from emulator.state import EmulatorState, Settings, Timing


class _HideDroppedConnections(logging.Filter):
    """A `drop` fault closes the connection mid-response on purpose: uvicorn need not report it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != DROPPED_RESPONSE_LOG_MESSAGE


_uvicorn_error_logger = logging.getLogger("uvicorn.error")
if not any(isinstance(f, _HideDroppedConnections) for f in _uvicorn_error_logger.filters):
    _uvicorn_error_logger.addFilter(_HideDroppedConnections())


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when proto says TCP;
    # without it every keep-alive response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class EmulatorServer:
    """The emulator on a real socket. `start()` returns once it accepts connections; `stop()` is quick."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        key_id: str = "emulator-key",
        key_secret: str = "emulator-secret",
        token_ttl: int = 3600,
        *,
        sender_activation_seconds: float = 2.0,
        profile_review_seconds: float = 3.0,
        account_review_seconds: float = 2.0,
        deletion_retention_days: float = 30.0,
        template_review_seconds: float = 3.0,
        bundle_completion_seconds: float = 2.0,
        rcs_launch_preparation_seconds: float = 2.0,
        rcs_launch_seconds: float = 3.0,
        configure_logging: bool = False,
    ) -> None:
        self.host = host
        timing = Timing(
            sender_activation_seconds=sender_activation_seconds,
            profile_review_seconds=profile_review_seconds,
            account_review_seconds=account_review_seconds,
            deletion_retention_days=deletion_retention_days,
            template_review_seconds=template_review_seconds,
            bundle_completion_seconds=bundle_completion_seconds,
            rcs_launch_preparation_seconds=rcs_launch_preparation_seconds,
            rcs_launch_seconds=rcs_launch_seconds,
        )
        self.settings = Settings(key_id=key_id, key_secret=key_secret, token_ttl=token_ttl, timing=timing)
        self.app: Starlette = create_app(self.settings)
        self._requested_port = port
        self._port: int | None = None
        self._configure_logging = configure_logging
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def state(self) -> EmulatorState:
        """In-process access to the emulator's state (store, clock, faults, request log)."""
        state: EmulatorState = self.app.state.emulator
        return state

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the emulator is not started")
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 10.0) -> EmulatorServer:
        if self._thread is not None:
            raise RuntimeError("the emulator is already started")
        sock = _bind(self.host, self._requested_port)
        self._socket = sock
        self._port = int(sock.getsockname()[1])
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
            # Embedded in tests or another program: leave the host process's logging configuration alone.
            log_config=uvicorn.config.LOGGING_CONFIG if self._configure_logging else None,
        )
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name=f"sinch-emulator:{self._port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive():
                self._cleanup()
                raise RuntimeError("the emulator failed to start")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the emulator did not start within {timeout} s")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(timeout=5)
            if thread.is_alive():
                server.force_exit = True
                thread.join(timeout=2)
        self._cleanup()

    def _cleanup(self) -> None:
        if self._socket is not None:
            self._socket.close()
        self._server = None
        self._thread = None
        self._socket = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

"""Serving the provider to Terraform: the go-plugin handshake, a graceful stop, and a watch on the parent.

tf 1.2.0's runner stops its gRPC server (grace 0) the moment StopProvider arrives, and turns SIGINT into a
hard stop: the applies in flight are cancelled, so objects Sinch has just created never reach the state
(Ctrl-C orphaned them). This module serves the same servicer under Terraform's own contract instead:

- StopProvider (Terraform's answer to Ctrl-C) and SIGINT (a terminal's Ctrl-C reaches the whole process
  group, the provider included) only set the provider's stop flag and return at once. Calls in flight
  finish what is already on the wire and report it; nothing new is sent; waits end early (``StopFlag``).
- ``GRPCController.Shutdown`` (sent when a Terraform command is done with the provider) stops the server.
- When Terraform itself dies (SIGKILL), nobody will read the answers: the provider notices that its parent
  is gone, stops sending, and exits.

Start-up and exit are on the critical path of every Terraform command (it starts the provider three times for a
plan and waits for each to exit), so both stay short: the TLS certificate comes from a small cache of its own
(tf reads its cache through ``cryptography``, about 20 ms of imports per start), and once the server has
stopped the process ends with ``os._exit`` (the interpreter's own shutdown took about 70 ms per process).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent import futures
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

log = logging.getLogger("sinch.serve")

#: gRPC handler threads (made on demand). More than Terraform's default parallelism of 10, so that
#: StopProvider still finds a free thread while every apply is busy waiting.
MAX_WORKERS = 64
#: How often the parent watch looks (seconds): the provider outlives a killed Terraform by about this much.
PARENT_POLL_SECONDS = 0.2


def watch_parent(
    parent_pid: int, on_gone: Callable[[], None], interval: float = PARENT_POLL_SECONDS
) -> threading.Thread:
    """Call ``on_gone`` once the process is re-parented (its parent died)."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval)
        on_gone()

    thread = threading.Thread(target=watch, name="parent-watch", daemon=True)
    thread.start()
    return thread


#: A cached certificate is used while it stays valid for at least this long (tf makes them valid for 7 days).
CERTIFICATE_MARGIN = timedelta(hours=1)


def certificate_cache() -> Path:
    return Path.home() / ".cache" / "terraform-provider-sinch" / "tls.json"


def server_certificate(cache: Path | None = None) -> tuple[bytes, Any]:
    """(DER certificate for the handshake, gRPC server credentials): tf's self-signed certificate, read from this
    provider's cache while it stays valid; tf makes (or loads) one only when the cache has none."""
    import grpc

    cache = cache or certificate_cache()
    try:
        cached = json.loads(cache.read_text())
        if datetime.fromisoformat(cached["not_valid_after"]) - CERTIFICATE_MARGIN > datetime.now(UTC):
            return base64.b64decode(cached["cert_chain"]), grpc.ssl_server_credentials(
                [(cached["key_pem"].encode(), cached["cert_pem"].encode())]
            )
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none yet, expiring, or unreadable: made anew below
    from cryptography import x509
    from tf.runner import _get_cert_cache_path, _self_signed_cert  # tf is pinned exactly

    chain, credentials = _self_signed_cert()
    made = json.loads(_get_cert_cache_path().read_text())
    if base64.b64decode(made["cert_chain"]) == chain:
        not_valid_after = x509.load_der_x509_certificate(chain).not_valid_after_utc
        made["not_valid_after"] = not_valid_after.isoformat()
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with open(os.open(cache, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "w") as sink:
                json.dump(made, sink)
        except OSError:
            pass  # a read-only home: tf's own cache still serves the next start
    return chain, credentials


def serve(provider: Any) -> None:
    """Serve ``provider`` over plugin protocol 6 until Terraform shuts it down."""
    import grpc
    from tf.gen import grpc_controller_pb2 as controller_pb
    from tf.gen import grpc_controller_pb2_grpc as controller_rpc
    from tf.gen import grpc_stdio_pb2_grpc as stdio_rpc
    from tf.gen import tfplugin_pb2_grpc as rpc

    from provider.servicer import SinchServicer

    shutdown = threading.Event()

    class Controller(controller_rpc.GRPCControllerServicer):
        def Shutdown(self, request: Any, context: Any) -> Any:
            shutdown.set()
            return controller_pb.Empty()

    class Stdio(stdio_rpc.GRPCStdioServicer):
        def StreamStdio(self, request: Any, context: Any) -> Any:
            return iter([])  # logs go to stderr, which go-plugin reads itself

    def parent_gone() -> None:
        provider.stop.stop("Terraform (the parent process) is gone")
        log.warning("Terraform exited without shutting the provider down: exiting")
        os._exit(1)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=MAX_WORKERS))
    rpc.add_ProviderServicer_to_server(SinchServicer(provider), server)
    controller_rpc.add_GRPCControllerServicer_to_server(Controller(), server)
    stdio_rpc.add_GRPCStdioServicer_to_server(Stdio(), server)

    signal.signal(signal.SIGINT, lambda signum, frame: provider.stop.stop("interrupted (SIGINT)"))
    watch_parent(os.getppid(), parent_gone)

    with tempfile.TemporaryDirectory(prefix="terraform-provider-sinch-") as tmp:
        socket_path = f"{tmp}/plugin.sock"
        chain, credentials = server_certificate()
        server.add_secure_port(f"unix://{socket_path}", credentials)
        server.start()
        certificate = base64.b64encode(chain).decode().rstrip("=")
        sys.stdout.write(f"1|6|unix|{socket_path}|grpc|{certificate}\n")
        sys.stdout.flush()
        while not shutdown.wait(0.5):  # a timed wait lets the SIGINT handler run on this thread
            pass
        server.stop(grace=2).wait()  # in-flight calls (the Shutdown answer) finish
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)

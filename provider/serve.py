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
"""

from __future__ import annotations

import base64
import logging
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent import futures
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


def serve(provider: Any) -> None:
    """Serve ``provider`` over plugin protocol 6 until Terraform shuts it down."""
    import grpc
    from tf.gen import grpc_controller_pb2 as controller_pb
    from tf.gen import grpc_controller_pb2_grpc as controller_rpc
    from tf.gen import grpc_stdio_pb2_grpc as stdio_rpc
    from tf.gen import tfplugin_pb2_grpc as rpc
    from tf.runner import _self_signed_cert  # tf is pinned exactly: its cached self-signed certificate

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
        chain, credentials = _self_signed_cert()
        server.add_secure_port(f"unix://{socket_path}", credentials)
        server.start()
        certificate = base64.b64encode(chain).decode().rstrip("=")
        sys.stdout.write(f"1|6|unix|{socket_path}|grpc|{certificate}\n")
        sys.stdout.flush()
        while not shutdown.wait(0.5):  # a timed wait lets the SIGINT handler run on this thread
            pass
        server.stop(grace=2).wait()

"""Console script ``terraform-provider-sinch``.

- no arguments (how Terraform starts it): serve the provider over the plugin protocol;
- ``--dev``: serve for a debugger (prints ``TF_REATTACH_PROVIDERS``);
- ``install [--dir DIR]``: put the provider into a filesystem mirror so plain ``terraform init`` finds
  ``sinch/sinch``, records it in the lock file, and mixes it with registry providers.
"""

from __future__ import annotations

import argparse
import os
import platform
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from provider import __version__

if TYPE_CHECKING:
    from provider.provider import SinchProvider

HOSTNAME, NAMESPACE, TYPE = "registry.terraform.io", "sinch", "sinch"


def _ensure_writable_home() -> None:
    """tf writes a TLS certificate cache under ``$HOME/.cache`` before the handshake and crashes when it
    cannot; give it a private temporary HOME in that case (sandboxed CI, read-only home)."""
    cache = Path.home() / ".cache" / "tf-python-provider"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        if os.access(cache, os.W_OK):
            return
    except OSError:
        pass
    os.environ["HOME"] = tempfile.mkdtemp(prefix="terraform-provider-sinch-home-")


def serve(argv: list[str], make_provider: Callable[[], SinchProvider]) -> None:
    from provider import logs

    logs.setup()
    _ensure_writable_home()
    if "--dev" in argv:  # for a debugger: tf's runner prints TF_REATTACH_PROVIDERS and serves until Ctrl-C
        from tf import provider as tf_provider
        from tf import runner

        from provider.servicer import SinchServicer

        tf_provider.ProviderServicer = SinchServicer  # the runner builds its servicer from this attribute
        runner.run_provider(make_provider(), argv)
        return
    from provider.serve import serve as serve_plugin

    serve_plugin(make_provider())


def target_platform() -> str:
    system = {"Linux": "linux", "Darwin": "darwin", "Windows": "windows", "FreeBSD": "freebsd"}.get(
        platform.system(), platform.system().lower()
    )
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64", "i386": "386", "i686": "386"}
    return f"{system}_{arch.get(machine, machine)}"


def default_mirror_dir() -> Path:
    return Path.home() / ".terraform.d" / "plugins"


def install(mirror_dir: Path) -> Path:
    """Write the unpacked-layout mirror entry: a launcher that runs this installation of the provider."""
    target_dir = mirror_dir / HOSTNAME / NAMESPACE / TYPE / __version__ / target_platform()
    target_dir.mkdir(parents=True, exist_ok=True)
    launcher = target_dir / f"terraform-provider-{TYPE}_v{__version__}"
    console_script = Path(sys.executable).with_name("terraform-provider-sinch")
    if console_script.exists():
        command = f"exec '{console_script}' \"$@\""
    else:  # -P: never import a ./provider folder from Terraform's working directory
        command = f"exec '{sys.executable}' -P -m resources.main \"$@\""
    launcher.write_text(f"#!/bin/sh\n# terraform-provider-sinch {__version__}, installed by `install`\n{command}\n")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return launcher


def main(argv: list[str] | None = None, *, make_provider: Callable[[], SinchProvider] | None = None) -> None:
    """The command line; ``make_provider`` builds the provider to serve (the entry point's, with its resources)."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "install":
        parser = argparse.ArgumentParser(
            prog="terraform-provider-sinch install",
            description="Install the provider into a Terraform filesystem mirror (unpacked layout).",
        )
        parser.add_argument(
            "--dir",
            type=Path,
            default=default_mirror_dir(),
            help="mirror directory (default: ~/.terraform.d/plugins, Terraform's implied local mirror)",
        )
        options = parser.parse_args(args[2:])
        launcher = install(options.dir.expanduser().resolve())
        print(f"Installed {HOSTNAME}/{NAMESPACE}/{TYPE} {__version__} ({target_platform()}) at {launcher}")
        return
    if len(args) > 1 and args[1] in ("--version", "version"):
        print(f"terraform-provider-sinch {__version__}")
        return
    if make_provider is None:
        raise SystemExit("terraform-provider-sinch: no provider to serve (run the resources.main entry point)")
    serve(args, make_provider)

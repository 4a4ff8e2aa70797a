"""Console script ``terraform-provider-sinch`` (the release executable is the same program, frozen).

- no arguments, started by Terraform (go-plugin's magic cookie in the environment): serve the provider over the
  plugin protocol;
- no arguments, started by a person (no cookie), ``--help``: say what this is and how to use it;
- ``--dev``: serve for a debugger (prints ``TF_REATTACH_PROVIDERS``);
- ``--version``: print the version;
- ``install [--dir DIR]``: put this provider into a filesystem mirror (unpacked layout) so plain ``terraform init``
  finds ``sinch/sinch``. From a virtual environment it writes a launcher of that environment (development: the
  lock file's hash then holds the environment's path); from the release executable it copies the release;
- ``mirror --dir DIR [--dist DIST]``: add release zips to a provider mirror (the packed layout of a filesystem
  mirror, and the static ``index.json`` / ``<version>.json`` files of a network mirror, in one folder).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from provider import __version__

if TYPE_CHECKING:
    from provider.provider import SinchProvider

HOSTNAME, NAMESPACE, TYPE = "registry.terraform.io", "sinch", "sinch"
PROGRAM = f"terraform-provider-{TYPE}"

#: go-plugin's handshake: Terraform starts its plugins with this variable set to this value. A program started
#: without it was started by a person, as go-plugin itself tells them apart.
MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE"
MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
#: Arguments that still mean "serve" (tf's runner reads them).
SERVE_FLAGS = ("--dev", "--stable")


# --- release file names (the registry protocol's, as HashiCorp's releases name them) ----------------------------


def executable_name(version: str = __version__) -> str:
    return f"{PROGRAM}_v{version}"


def zip_name(version: str = __version__, target: str | None = None) -> str:
    return f"{PROGRAM}_{version}_{target or target_platform()}.zip"


def sums_name(version: str = __version__) -> str:
    return f"{PROGRAM}_{version}_SHA256SUMS"


def manifest_name(version: str = __version__) -> str:
    return f"{PROGRAM}_{version}_manifest.json"


def parse_zip_name(name: str) -> tuple[str, str] | None:
    """(version, os_arch) of a release zip's file name, or None for any other file."""
    prefix = f"{PROGRAM}_"
    if not (name.startswith(prefix) and name.endswith(".zip")):
        return None
    parts = name[len(prefix) : -len(".zip")].split("_")
    if len(parts) != 3 or not all(parts):
        return None
    version, os_name, arch = parts
    return version, f"{os_name}_{arch}"


# --- the hashes Terraform records in lock files -----------------------------------------------------------------


def _hash1(entries: Iterable[tuple[str, Callable[[], bytes]]]) -> str:
    """golang.org/x/mod/sumdb/dirhash.Hash1, which Terraform's ``h1:`` hashes are: a SHA-256 over the lines
    ``<sha256 hex>  <relative path>`` of every file, sorted by path."""
    import base64
    import hashlib

    summary = hashlib.sha256()
    for name, read in sorted(entries, key=lambda entry: entry[0].encode()):
        if "\n" in name:
            raise ValueError(f"file names with newlines have no h1 hash: {name!r}")
        summary.update(f"{hashlib.sha256(read()).hexdigest()}  {name}\n".encode())
    return "h1:" + base64.b64encode(summary.digest()).decode()


def h1_of_dir(directory: Path) -> str:
    """The ``h1:`` hash of an unpacked provider package (what ``terraform init`` checks against the lock file)."""
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return _hash1((p.relative_to(directory).as_posix(), p.read_bytes) for p in files)


def h1_of_zip(archive: Path) -> str:
    """The ``h1:`` hash of a provider zip: that of the directory Terraform unpacks it into."""
    import functools
    import zipfile

    with zipfile.ZipFile(archive) as zipped:
        members = [info for info in zipped.infolist() if not info.is_dir()]
        return _hash1((info.filename, functools.partial(zipped.read, info)) for info in members)


def sha256_of_file(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def zh_of_zip(archive: Path) -> str:
    """The ``zh:`` hash of a provider zip (the SHA-256 of the file, as in SHA256SUMS)."""
    return f"zh:{sha256_of_file(archive)}"


def read_sums(path: Path) -> dict[str, str]:
    """File name -> SHA-256 (hex) of a ``SHA256SUMS`` file."""
    sums = {}
    for line in path.read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.lstrip("*")] = digest.lower()
    return sums


# --- installing ---------------------------------------------------------------------------------------------------


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


def frozen() -> bool:
    """Whether this is the release executable (PyInstaller), not the Python package in an environment."""
    return bool(getattr(sys, "frozen", False))


def describe_build() -> str:
    if frozen():
        return f"release executable {Path(sys.executable).resolve()}"
    return f"Python {platform.python_version()} in {sys.prefix} (development)"


def serve(argv: list[str], make_provider: Callable[[], SinchProvider]) -> None:
    import logging

    from provider import logs

    logs.setup()
    _ensure_writable_home()
    logging.getLogger("sinch.main").debug("%s %s: %s", PROGRAM, __version__, describe_build())
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


def package_dir(mirror_dir: Path, version: str = __version__, target: str | None = None) -> Path:
    """The unpacked layout: ``<mirror>/<hostname>/<namespace>/<type>/<version>/<os_arch>``."""
    return mirror_dir / HOSTNAME / NAMESPACE / TYPE / version / (target or target_platform())


def install(mirror_dir: Path) -> Path:
    """Write the unpacked-layout mirror entry of this installation; returns the executable Terraform will run."""
    target_dir = package_dir(mirror_dir)
    if frozen():
        return _install_release(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    launcher = target_dir / executable_name()
    console_script = Path(sys.executable).with_name(PROGRAM)
    if console_script.exists():
        command = f"exec '{console_script}' \"$@\""
    else:  # -P: never import a ./provider folder from Terraform's working directory
        command = f"exec '{sys.executable}' -P -m resources.main \"$@\""
    launcher.write_text(f"#!/bin/sh\n# {PROGRAM} {__version__}, installed by `install`\n{command}\n")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return launcher


def _install_release(target_dir: Path) -> Path:
    """Copy the release (the executable and its companion folder) as Terraform would unpack its zip: the package
    then has the zip's ``h1:`` hash, so lock files agree with a mirror's."""
    executable = Path(sys.executable).resolve()
    companion = Path(getattr(sys, "_MEIPASS", executable.parent)).resolve()
    if executable.parent == target_dir.resolve():
        return target_dir / executable.name  # run from the mirror itself: already there
    if target_dir.exists():
        shutil.rmtree(target_dir)
    target_dir.mkdir(parents=True)
    installed = target_dir / executable_name()
    shutil.copy2(executable, installed)
    if companion != executable.parent:
        shutil.copytree(companion, target_dir / companion.name, symlinks=False)
    return installed


# --- mirrors ------------------------------------------------------------------------------------------------------


def write_mirror(dist: Path, mirror_dir: Path) -> list[Path]:
    """Copy the release zips in ``dist`` (each checked against its version's SHA256SUMS) into ``mirror_dir`` in the
    packed layout ``<hostname>/<namespace>/<type>/<zip>``, then write the network mirror's ``index.json`` and
    ``<version>.json`` for every version in that folder (earlier versions stay listed). Returns the zips copied."""
    import json

    found = sorted(p for p in dist.glob(f"{PROGRAM}_*.zip") if parse_zip_name(p.name))
    if not found:
        raise SystemExit(f"{PROGRAM} mirror: no release zips ({PROGRAM}_<version>_<os>_<arch>.zip) in {dist}")
    provider_dir = mirror_dir / HOSTNAME / NAMESPACE / TYPE
    provider_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for archive in found:
        version, _ = parse_zip_name(archive.name) or ("", "")
        sums_file = dist / sums_name(version)
        if not sums_file.is_file():
            raise SystemExit(f"{PROGRAM} mirror: {sums_file.name} is missing: cannot check {archive.name}")
        expected = read_sums(sums_file).get(archive.name)
        if expected is None:
            raise SystemExit(f"{PROGRAM} mirror: {sums_file.name} has no line for {archive.name}")
        if sha256_of_file(archive) != expected:
            raise SystemExit(f"{PROGRAM} mirror: {archive.name} does not match its SHA-256 in {sums_file.name}")
        destination = provider_dir / archive.name
        if archive.resolve() != destination.resolve():
            shutil.copyfile(archive, destination)
        copied.append(destination)

    versions: dict[str, dict[str, dict[str, object]]] = {}
    for archive in sorted(provider_dir.glob(f"{PROGRAM}_*.zip")):
        parsed = parse_zip_name(archive.name)
        if parsed:
            version, target = parsed
            hashes = [h1_of_zip(archive), zh_of_zip(archive)]
            versions.setdefault(version, {})[target] = {"url": archive.name, "hashes": hashes}
    for version, archives in versions.items():
        body = {"archives": dict(sorted(archives.items()))}
        (provider_dir / f"{version}.json").write_text(json.dumps(body, indent=2) + "\n")
    index: dict[str, dict[str, dict[str, str]]] = {"versions": {version: {} for version in sorted(versions)}}
    (provider_dir / "index.json").write_text(json.dumps(index, indent=2) + "\n")
    return copied


# --- the command line ---------------------------------------------------------------------------------------------


def usage() -> str:
    return f"""\
{PROGRAM} {__version__}: the Terraform provider for the Sinch Provisioning API ({HOSTNAME}/{NAMESPACE}/{TYPE}).

This program is a Terraform plugin: Terraform starts it itself once the provider is installed where
`terraform init` looks for it, and declared in a configuration:

    terraform {{
      required_providers {{
        sinch = {{ source = "{NAMESPACE}/{TYPE}" }}
      }}
    }}

Commands:
  {PROGRAM} install [--dir DIR]
      Put this provider into a filesystem mirror (unpacked layout; default ~/.terraform.d/plugins, which a
      plain `terraform init` reads). Run from the release executable, it copies the release. Run from a Python
      environment, it writes a launcher of that environment: for contributors, as lock files made with it
      hold a hash of the environment's path and fail `terraform init` on any other machine.
  {PROGRAM} mirror --dir DIR [--dist DIST]
      Add the release zips in DIST (default: ./dist), checked against their SHA256SUMS, to a provider mirror:
      DIR serves as a `filesystem_mirror` and holds the static files of a `network_mirror`.
  {PROGRAM} --version
      Print the version.
  {PROGRAM} --dev
      Serve for a debugger: prints the TF_REATTACH_PROVIDERS value to export for Terraform.
  {PROGRAM} --help
      This text.

This build: {describe_build()}.
Credentials come from SINCH_KEY_ID, SINCH_KEY_SECRET and SINCH_PROJECT_ID. The project's README.md says how to
install a release and run a mirror; docs/ describes every resource and data source.
"""


def started_by_terraform(environ: Mapping[str, str] | None = None) -> bool:
    return (os.environ if environ is None else environ).get(MAGIC_COOKIE_KEY) == MAGIC_COOKIE_VALUE


def _install_command(args: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog=f"{PROGRAM} install",
        description="Install the provider into a Terraform filesystem mirror (unpacked layout).",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=default_mirror_dir(),
        help="mirror directory (default: ~/.terraform.d/plugins, Terraform's implied local mirror)",
    )
    options = parser.parse_args(args)
    installed = install(options.dir.expanduser().resolve())
    print(f"Installed {HOSTNAME}/{NAMESPACE}/{TYPE} {__version__} ({target_platform()}) at {installed}")
    if not frozen():
        print(
            f"This launcher runs {sys.prefix}: for development on this machine. Lock files made with it hold a hash "
            "of that path; teams and CI install a release instead (README, 'Installing a release')."
        )


def _mirror_command(args: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog=f"{PROGRAM} mirror",
        description="Add release zips to a provider mirror: the packed layout of a filesystem mirror and the static "
        "index.json and <version>.json files of a network mirror, in one folder.",
    )
    parser.add_argument("--dir", type=Path, required=True, help="the mirror folder (created when missing)")
    parser.add_argument(
        "--dist", type=Path, default=Path("dist"), help="the folder with the release files (default: ./dist)"
    )
    options = parser.parse_args(args)
    mirror_dir = options.dir.expanduser().resolve()
    for archive in write_mirror(options.dist.expanduser(), mirror_dir):
        print(f"Mirrored {archive}")
    provider_dir = mirror_dir / HOSTNAME / NAMESPACE / TYPE
    print(f"Network mirror files: {provider_dir / 'index.json'} and <version>.json beside it")


def main(argv: list[str] | None = None, *, make_provider: Callable[[], SinchProvider] | None = None) -> None:
    """The command line; ``make_provider`` builds the provider to serve (the entry point's, with its resources)."""
    args = list(sys.argv if argv is None else argv)
    command = args[1] if len(args) > 1 else None
    if command == "install":
        _install_command(args[2:])
        return
    if command == "mirror":
        _mirror_command(args[2:])
        return
    if command in ("--version", "version"):
        print(f"{PROGRAM} {__version__}")
        return
    if command in ("--help", "-h", "help"):
        print(usage(), end="")
        return
    if any(arg not in SERVE_FLAGS for arg in args[1:]):
        unknown = next(arg for arg in args[1:] if arg not in SERVE_FLAGS)
        sys.stderr.write(f"{PROGRAM}: unknown command or option {unknown!r}\n\n{usage()}")
        raise SystemExit(2)
    if "--dev" not in args and not started_by_terraform():
        # go-plugin's own check: a person ran the plugin. Say what it is instead of a handshake line and a hang.
        sys.stderr.write(usage())
        raise SystemExit(1)
    if make_provider is None:
        raise SystemExit(f"{PROGRAM}: no provider to serve (run the resources.main entry point)")
    serve(args, make_provider)

"""The release as a team gets it: the zip built by `make release` (release/build.py), put into a mirror, installed
by `terraform init` in a fresh HOME with a fresh CLI config, with the checkout, the virtual environment and every
Python of the machine hidden (a private mount namespace), then apply against the emulator (through TLS, so the
release's own TLS stack is used) and an empty re-plan. Lock files made in one place (by init, by `terraform
providers lock` against the filesystem mirror and against the network mirror's static files over HTTPS) are
accepted in another place with other absolute paths: the hashes are the zip's, not a machine's.

The release is built once per test session (about 15 s of one core) into the session's temporary folder, shared by
the xdist workers under a file lock; SINCH_RELEASE_DIST=dist tests an existing build (for example the one CI is
about to publish) instead.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import functools
import ipaddress
import json
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from provider import __version__
from provider.main import (
    MAGIC_COOKIE_KEY,
    executable_name,
    h1_of_dir,
    h1_of_zip,
    manifest_name,
    read_sums,
    sha256_of_file,
    sums_name,
    target_platform,
    zip_name,
)
from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, TerraformError, Workspace, terraform_binary, terraform_env, write_cli_config

pytestmark = [pytest.mark.acceptance, pytest.mark.xdist_group("release")]

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_PATH = Path("registry.terraform.io") / "sinch" / "sinch"
WEBHOOK = """
    resource "sinch_webhook" "release" {
      target   = "https://hooks.example.com/release"
      secret   = "a-release-webhook-secret"
      triggers = ["BUNDLE_DONE"]
    }
"""


# --- the release, built once per session ------------------------------------------------------------------------


@dataclass
class Release:
    dist: Path
    zip: Path
    unpacked: Path  # the zip extracted, as a company's mirror administrator would

    @property
    def executable(self) -> Path:
        return self.unpacked / executable_name()


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Release:
    prebuilt = os.environ.get("SINCH_RELEASE_DIST")
    if prebuilt:
        dist = Path(prebuilt).resolve()
    else:
        shared = tmp_path_factory.getbasetemp()
        shared = shared if worker_id == "master" else shared.parent  # one build for all xdist workers
        dist = shared / "release-dist"
        with (shared / "release.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (dist / zip_name()).is_file():
                command = [sys.executable, str(ROOT / "release" / "build.py"), "--dist", str(dist)]
                command += ["--work", str(shared / "release-work")]
                result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
                assert result.returncode == 0, f"release/build.py failed:\n{result.stdout}\n{result.stderr}"
    archive = dist / zip_name()
    assert archive.is_file(), f"no {archive.name} in {dist}"
    unpacked = tmp_path_factory.mktemp("unpacked-release")
    _unzip(archive, unpacked)
    return Release(dist, archive, unpacked)


def _unzip(archive: Path, target: Path) -> None:
    """As Terraform's unzip does: files with the zip's permission bits."""
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            path = target / info.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(zipped.read(info))
            path.chmod((info.external_attr >> 16) & 0o777)


# --- Python out of reach, TLS, a network mirror -----------------------------------------------------------------


def _pythons() -> tuple[list[Path], list[Path]]:
    """Folders and files of every Python on this machine, and the checkout (the provider's sources)."""
    folders = {ROOT, Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    files = set()
    for pattern in ("/usr/lib/python3*", "/usr/local/lib/python3*", "/usr/lib/*-linux-gnu/libpython3*"):
        for path in Path("/").glob(pattern.lstrip("/")):
            (folders if path.is_dir() else files).add(path.resolve())
    for name in ("python3", "python"):
        found = shutil.which(name)
        if found:
            files.add(Path(found).resolve())
    outermost = [f for f in folders if not any(other in f.parents for other in folders)]  # hidden with their parent
    return sorted(outermost), sorted(f for f in files if not any(other in f.parents for other in outermost))


@functools.cache
def _hide_python_prefix() -> tuple[str, ...]:
    """A command prefix that runs its command in a private mount namespace where every Python of the machine and
    the checkout are empty (tmpfs over folders, /dev/null over files). As root, or in a user namespace."""
    folders, files = _pythons()
    script = "set -e\n"
    script += "".join(f"mount -t tmpfs -o size=1m hidden {shlex.quote(str(f))}\n" for f in folders)
    script += "".join(f"mount --bind /dev/null {shlex.quote(str(f))}\n" for f in files)
    script += 'exec "$@"\n'
    for unshare in (["unshare", "--mount", "--propagation", "private"], ["unshare", "--user", "--map-root-user"]):
        if "--user" in unshare:
            unshare = [*unshare, "--mount", "--propagation", "private"]
        prefix = (*unshare, "sh", "-c", script, "hide-python")
        probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return prefix
    pytest.fail(f"cannot hide Python from the release (unshare): {probe.stderr}")


class ReleaseWorkspace(Workspace):
    """A workspace whose terraform (and so the provider it starts) runs with Python out of reach."""

    def run(
        self, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*_hide_python_prefix(), terraform_binary(), *args],
            cwd=self.path,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and result.returncode != 0:
            raise TerraformError(
                f"terraform {' '.join(args)} exited {result.returncode}\n--- stdout\n{result.stdout}\n"
                f"--- stderr\n{result.stderr}"
            )
        return result


@dataclass
class Tls:
    cert: Path  # also the CA file to trust (SSL_CERT_FILE): self-signed
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "terraform-provider-sinch release test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return Tls(folder / "cert.pem", folder / "key.pem")


class TlsProxy:
    """HTTPS in front of the emulator (plain HTTP), keeping the start of each request it forwards."""

    def __init__(self, upstream_port: int, tls: Tls):
        self.upstream_port = upstream_port
        self.context = tls.server_context()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self.listener.getsockname()[1]}"
        self.requests: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            secure = self.context.wrap_socket(client, server_side=True)
        except (ssl.SSLError, OSError):
            client.close()
            return
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port))

        def pump(source: socket.socket, target: socket.socket, keep: bool) -> None:
            try:
                while data := source.recv(65536):
                    if keep:
                        self.requests.append(data[:2048])
                    target.sendall(data)
            except OSError:
                pass
            finally:
                for sock in (source, target):
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)

        threading.Thread(target=pump, args=(upstream, secure, False), daemon=True).start()
        pump(secure, upstream, True)
        secure.close()
        upstream.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def tls_emulator(emulator: Emulator, tls: Tls) -> Iterator[TlsProxy]:
    proxy = TlsProxy(int(emulator.url.rsplit(":", 1)[1]), tls)
    yield proxy
    proxy.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def https_static(folder: Path, tls: Tls) -> Iterator[str]:
    """The mirror folder served as static files over HTTPS (a network mirror needs https:// URLs)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    server.socket = tls.server_context().wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- helpers ----------------------------------------------------------------------------------------------------


def lock_hashes(workspace: Path) -> list[str]:
    text = (workspace / ".terraform.lock.hcl").read_text()
    block = re.search(r'provider "registry\.terraform\.io/sinch/sinch" \{(.*?)\n\}', text, re.DOTALL)
    assert block, text
    assert f'version = "{__version__}"' in block.group(1)
    return re.findall(r'"((?:h1|zh):[^"]+)"', block.group(1))


def machine_env(home: Path, cli_config: Path, emulator: Emulator, url: str | None = None) -> dict[str, str]:
    """A colleague's machine: their own HOME and CLI config, no Python environment, terraform on PATH."""
    env = terraform_env(cli_config, emulator, PROJECT)
    for name in list(env):
        if name.startswith(("PYTHON", "VIRTUAL_ENV", "CONDA", "PYENV", MAGIC_COOKIE_KEY)):
            del env[name]
    home.mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), PATH=f"{Path(terraform_binary()).parent}:/usr/bin:/bin")
    if url:
        env.update(SINCH_PROVISIONING_URL=url, SINCH_AUTH_URL=f"{url}/oauth2/token")
    return env


def mirror_with(release: Release, folder: Path) -> Path:
    """`terraform-provider-sinch mirror`, run by the release executable itself (no Python needed to set up a
    company mirror)."""
    result = subprocess.run(
        [str(release.executable), "mirror", "--dist", str(release.dist), "--dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(folder.parent)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder


# --- the tests --------------------------------------------------------------------------------------------------


def test_release_files(release: Release, tmp_path: Path) -> None:
    dist = release.dist
    sums = read_sums(dist / sums_name())
    assert sums == {name: sha256_of_file(dist / name) for name in sorted(sums)}, "SHA256SUMS does not match the files"
    assert zip_name() in sums and manifest_name() in sums
    assert (dist / manifest_name()).read_bytes() == (ROOT / "terraform-registry-manifest.json").read_bytes()
    assert json.loads((dist / manifest_name()).read_text())["metadata"]["protocol_versions"] == ["6.0"]

    with zipfile.ZipFile(release.zip) as zipped:
        infos = {info.filename: info for info in zipped.infolist()}
    executable = infos[executable_name()]
    assert (executable.external_attr >> 16) & 0o777 == 0o755
    assert all(name == executable_name() or name.startswith("_internal/") for name in infos)
    assert all((info.external_attr >> 16) & 0o170000 == 0o100000 for info in infos.values())  # regular files only
    assert "_internal/certifi/cacert.pem" in infos  # TLS to Sinch verifies against certifi's roots
    assert "_internal/LICENSE" in infos

    # the executable: the version, and a person running it learns what it is (no handshake, no hang)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(release.unpacked)}
    run = functools.partial(subprocess.run, capture_output=True, text=True, timeout=60, env=env, check=False)
    version = run([str(release.executable), "--version"])
    assert version.stdout == f"terraform-provider-sinch {__version__}\n", version.stderr
    person = run([str(release.executable)], stdin=subprocess.DEVNULL)
    assert person.returncode == 1 and person.stdout == ""
    assert "This build: release executable" in person.stderr and "mirror --dir DIR" in person.stderr

    # `install` from the release copies it into the unpacked layout, with the zip's h1 hash
    installed = run([str(release.executable), "install", "--dir", str(tmp_path / "plugins")])
    assert installed.returncode == 0, installed.stderr
    package = tmp_path / "plugins" / PROVIDER_PATH / __version__ / target_platform()
    assert h1_of_dir(package) == h1_of_zip(release.zip)


def test_a_team_installs_the_release_and_shares_its_lock_file(
    release: Release, emulator: Emulator, tls_emulator: TlsProxy, tls: Tls, tmp_path: Path
) -> None:
    mirror = mirror_with(release, tmp_path / "company-mirror")
    zip_h1 = h1_of_zip(release.zip)

    # Alice: fresh HOME and CLI config; Python and the checkout out of reach; Sinch over TLS
    alice_rc = write_cli_config(tmp_path / "alice-terraform.rc", mirror)
    alice_env = machine_env(tmp_path / "alice-home", alice_rc, emulator, tls_emulator.url)
    alice_env["SSL_CERT_FILE"] = str(tls.cert)
    alice = ReleaseWorkspace(tmp_path / "alice" / "infra", alice_env)
    assert alice.run("version").returncode == 0  # terraform runs in the namespace, where Python does not
    hidden = subprocess.run([*_hide_python_prefix(), sys.executable, "-c", "pass"], capture_output=True, check=False)
    assert hidden.returncode != 0, "Python is still reachable inside the namespace"
    alice.write(WEBHOOK)
    alice.apply()
    [stored] = emulator.webhooks(PROJECT)
    assert stored["target"] == "https://hooks.example.com/release"
    code, _, _ = alice.plan()
    assert code == 0, "the re-plan is not empty"

    # what ran is the release executable unpacked by terraform init, and it spoke TLS to Sinch
    package = alice.path / ".terraform" / "providers" / PROVIDER_PATH / __version__ / target_platform()
    assert (package / executable_name()).read_bytes()[:4] == b"\x7fELF"
    assert (package / "_internal").is_dir()  # the whole zip was unpacked beside the executable
    logged = alice.run("plan", "-no-color", env={"TF_LOG_PROVIDER": "DEBUG"})
    assert f"terraform-provider-sinch {__version__}: release executable {package / executable_name()}" in (
        logged.stdout + logged.stderr
    )
    sent = b"".join(tls_emulator.requests)
    assert f"User-Agent: terraform-provider-sinch/{__version__}".lower().encode() in sent.lower()

    # the lock file holds the zip's hash, the same as the unpacked package's
    alice_lock = (alice.path / ".terraform.lock.hcl").read_text()
    assert lock_hashes(alice.path) == [zip_h1]
    assert h1_of_dir(package) == zip_h1

    # Bob: another HOME, the mirror copied to another place, another absolute path; Alice's lock file is accepted
    bob_mirror = tmp_path / "bob" / "opt" / "terraform-mirror"
    shutil.copytree(mirror, bob_mirror)
    bob_rc = write_cli_config(tmp_path / "bob-terraform.rc", bob_mirror)
    bob = ReleaseWorkspace(
        tmp_path / "bob" / "src" / "elsewhere" / "infra", machine_env(tmp_path / "bob-home", bob_rc, emulator)
    )
    bob.write(WEBHOOK)
    (bob.path / ".terraform.lock.hcl").write_text(alice_lock)
    init = bob.run("init", "-input=false", "-no-color")
    assert "checksums" not in init.stdout + init.stderr
    assert (bob.path / ".terraform.lock.hcl").read_text() == alice_lock
    bob.run("validate", "-no-color")  # the provider starts there too (schema)


def test_providers_lock_against_the_filesystem_and_network_mirrors(
    release: Release, emulator: Emulator, tls: Tls, tmp_path: Path
) -> None:
    mirror = mirror_with(release, tmp_path / "mirror")
    zip_h1, zip_zh = h1_of_zip(release.zip), f"zh:{read_sums(release.dist / sums_name())[zip_name()]}"
    rc = write_cli_config(tmp_path / "terraform.rc", mirror)

    # filesystem mirror: the same h1 as `terraform init` records
    carol = Workspace(tmp_path / "carol", machine_env(tmp_path / "carol-home", rc, emulator))
    carol.run("providers", "lock", f"-fs-mirror={mirror}", "-platform=linux_amd64", "-no-color")
    assert lock_hashes(carol.path) == [zip_h1]

    # network mirror: the static index.json and <version>.json over HTTPS, which publish the zip's two hashes
    published = json.loads((mirror / PROVIDER_PATH / f"{__version__}.json").read_text())["archives"]
    assert published == {target_platform(): {"url": zip_name(), "hashes": [zip_h1, zip_zh]}}
    with https_static(mirror, tls) as url:
        dave_rc = tmp_path / "dave-terraform.rc"
        dave_rc.write_text(
            f'provider_installation {{\n  network_mirror {{\n    url     = "{url}"\n'
            '    include = ["registry.terraform.io/sinch/*"]\n  }\n'
            '  direct {\n    exclude = ["registry.terraform.io/sinch/*"]\n  }\n}\n'
        )
        env = {**machine_env(tmp_path / "dave-home", dave_rc, emulator), "SSL_CERT_FILE": str(tls.cert)}
        dave = Workspace(tmp_path / "dave" / "infra", env)
        dave.run("providers", "lock", f"-net-mirror={url}", "-platform=linux_amd64", "-no-color")
        assert lock_hashes(dave.path) == [zip_h1]
        locked = (dave.path / ".terraform.lock.hcl").read_text()

        # terraform init through the network mirror accepts that lock file as it is
        dave.run("init", "-input=false", "-no-color")
        assert (dave.path / ".terraform.lock.hcl").read_text() == locked

    # Terraform checks a network mirror's zip against the published hashes: one that matches none is refused
    tampered = tmp_path / "tampered-mirror"
    shutil.copytree(mirror, tampered)
    wrong = {"archives": {target_platform(): {"url": zip_name(), "hashes": ["zh:" + "0" * 64]}}}
    (tampered / PROVIDER_PATH / f"{__version__}.json").write_text(json.dumps(wrong))
    with https_static(tampered, tls) as url:
        frank = Workspace(tmp_path / "frank", {**env, "HOME": str(tmp_path / "dave-home")})
        refused = frank.run(
            "providers", "lock", f"-net-mirror={url}", "-platform=linux_amd64", "-no-color", check=False
        )
    said = " ".join((refused.stdout + refused.stderr).split())
    assert refused.returncode != 0
    assert "provider package doesn't match the expected checksum" in said, said

    # and Carol's lock file (made elsewhere, from the filesystem mirror) is accepted by a fresh init in a new place
    erin = Workspace(tmp_path / "erin" / "deeper" / "infra", machine_env(tmp_path / "erin-home", rc, emulator))
    shutil.copy(carol.path / ".terraform.lock.hcl", erin.path / ".terraform.lock.hcl")
    erin.run("init", "-input=false", "-no-color")
    assert lock_hashes(erin.path) == [zip_h1]

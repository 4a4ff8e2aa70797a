"""The release side of provider/main.py: started by Terraform or by a person (go-plugin's magic cookie), the
release file names, the lock-file hashes, the mirror command, `install` from the release executable, and one
version everywhere. The built release itself is tested in tests/acceptance/test_release.py."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

from provider import __version__
from provider import main as cli
from provider.main import (
    MAGIC_COOKIE_KEY,
    MAGIC_COOKIE_VALUE,
    executable_name,
    h1_of_dir,
    h1_of_zip,
    install,
    main,
    manifest_name,
    parse_zip_name,
    read_sums,
    sha256_of_file,
    sums_name,
    target_platform,
    write_mirror,
    zh_of_zip,
    zip_name,
)

ROOT = Path(__file__).resolve().parents[2]

#: A tiny package and the h1 hash that `terraform providers lock -fs-mirror` (Terraform 1.11.4) recorded for it:
#: paths sorted bytewise ("B" before "a"), an empty file, a subfolder.
GOLDEN_FILES = {
    "terraform-provider-sinch_v9.9.9": b"#!/bin/sh\necho golden\n",
    "_internal/B.txt": b"upper\n",
    "_internal/a.txt": b"lower\n",
    "_internal/empty": b"",
}
GOLDEN_H1 = "h1:81tyEhS3cBXWyiD4+BqDrMK4SuMo8W8JXe5ceUXG+ik="


def _entry_point(*args: str, cookie: bool, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != MAGIC_COOKIE_KEY}
    if cookie:
        env[MAGIC_COOKIE_KEY] = MAGIC_COOKIE_VALUE
    return subprocess.run(
        [sys.executable, "-P", "-m", "resources.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


# --- started by a person or by Terraform ------------------------------------------------------------------------


def test_run_by_a_person_it_explains_itself_instead_of_serving(tmp_path: Path) -> None:
    started = time.monotonic()
    result = _entry_point(cookie=False)
    assert time.monotonic() - started < 30  # no hang waiting for Terraform
    assert result.returncode == 1
    assert result.stdout == ""  # no handshake line
    assert f"terraform-provider-sinch {__version__}" in result.stderr
    assert "Terraform plugin" in result.stderr
    for command in ("install [--dir DIR]", "mirror --dir DIR", "--version"):
        assert command in result.stderr


def test_help_goes_to_stdout_and_exits_0() -> None:
    result = _entry_point("--help", cookie=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"terraform-provider-sinch {__version__}: the Terraform provider for the Sinch")
    assert "This build: Python" in result.stdout  # not the release executable
    assert _entry_point("-h", cookie=True).stdout == result.stdout  # a command wins over the cookie


def test_started_by_terraform_it_answers_the_handshake() -> None:
    env = {**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE}
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "resources.main"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert re.match(r"^1\|6\|unix\|/.+/plugin\.sock\|grpc\|\S+$", line), line


def test_a_wrong_cookie_is_a_person(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAGIC_COOKIE_KEY, "not-the-cookie")

    def never() -> None:
        raise AssertionError("must not build a provider to serve")

    with pytest.raises(SystemExit) as exited:
        main(["terraform-provider-sinch"], make_provider=never)  # type: ignore[arg-type]
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Commands:" in captured.err


def test_the_cookie_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[list[str]] = []
    monkeypatch.setenv(MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE)
    monkeypatch.setattr(cli, "serve", lambda argv, make_provider: served.append(argv))
    main(["terraform-provider-sinch"], make_provider=lambda: None)  # type: ignore[arg-type,return-value]
    assert served == [["terraform-provider-sinch"]]


def test_dev_serves_without_the_cookie(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[list[str]] = []
    monkeypatch.delenv(MAGIC_COOKIE_KEY, raising=False)
    monkeypatch.setattr(cli, "serve", lambda argv, make_provider: served.append(argv))
    main(["terraform-provider-sinch", "--dev", "--stable"], make_provider=lambda: None)  # type: ignore[arg-type,return-value]
    assert served == [["terraform-provider-sinch", "--dev", "--stable"]]


def test_an_unknown_argument_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["terraform-provider-sinch", "instal"])
    assert exited.value.code == 2
    assert "unknown command or option 'instal'" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    main(["terraform-provider-sinch", "--version"])
    assert capsys.readouterr().out == f"terraform-provider-sinch {__version__}\n"


# --- names and hashes ---------------------------------------------------------------------------------------------


def test_release_file_names_follow_hashicorps() -> None:
    assert executable_name("1.2.3") == "terraform-provider-sinch_v1.2.3"
    assert zip_name("1.2.3", "linux_arm64") == "terraform-provider-sinch_1.2.3_linux_arm64.zip"
    assert zip_name() == f"terraform-provider-sinch_{__version__}_{target_platform()}.zip"
    assert sums_name("1.2.3") == "terraform-provider-sinch_1.2.3_SHA256SUMS"
    assert manifest_name("1.2.3") == "terraform-provider-sinch_1.2.3_manifest.json"
    assert parse_zip_name("terraform-provider-sinch_1.2.3_darwin_arm64.zip") == ("1.2.3", "darwin_arm64")
    for other in ("terraform-provider-sinch_1.2.3_SHA256SUMS", "terraform-provider-other_1_linux_amd64.zip", "x.zip"):
        assert parse_zip_name(other) is None


def _golden_dir(root: Path) -> Path:
    for name, data in GOLDEN_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def _zip_dir(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(folder.rglob("*")):
            zipped.write(path, path.relative_to(folder).as_posix())  # directory entries too: they are skipped
    return archive


def test_h1_is_terraforms_hash_of_the_unpacked_package(tmp_path: Path) -> None:
    folder = _golden_dir(tmp_path / "pkg")
    assert h1_of_dir(folder) == GOLDEN_H1
    assert h1_of_zip(_zip_dir(folder, tmp_path / "pkg.zip")) == GOLDEN_H1


def test_h1_does_not_depend_on_where_the_package_lies(tmp_path: Path) -> None:
    assert h1_of_dir(_golden_dir(tmp_path / "a")) == h1_of_dir(_golden_dir(tmp_path / "elsewhere" / "b"))


def test_zh_is_the_sha256_of_the_zip(tmp_path: Path) -> None:
    archive = tmp_path / "x.zip"
    archive.write_bytes(b"not really a zip")
    assert zh_of_zip(archive) == "zh:" + hashlib.sha256(b"not really a zip").hexdigest()


# --- the mirror command ---------------------------------------------------------------------------------------


def _fake_release(dist: Path, version: str, targets: tuple[str, ...] = ("linux_amd64",)) -> dict[str, Path]:
    """Zips (tiny packages) with their SHA256SUMS, as release/build.py lays them out."""
    dist.mkdir(parents=True, exist_ok=True)
    zips = {}
    for target in targets:
        folder = _golden_dir(dist / f"src-{version}-{target}")
        (folder / "target.txt").write_text(f"{version} {target}\n")
        zips[target] = _zip_dir(folder, dist / zip_name(version, target))
    (dist / manifest_name(version)).write_text('{"version": 1}\n')
    names = sorted([*(p.name for p in zips.values()), manifest_name(version)])
    (dist / sums_name(version)).write_text("".join(f"{sha256_of_file(dist / n)}  {n}\n" for n in names))
    return zips


def test_mirror_writes_the_packed_layout_and_the_network_mirror_files(tmp_path: Path) -> None:
    zips = _fake_release(tmp_path / "dist", "1.0.0", ("linux_amd64", "darwin_arm64"))
    copied = write_mirror(tmp_path / "dist", tmp_path / "mirror")
    provider_dir = tmp_path / "mirror" / "registry.terraform.io" / "sinch" / "sinch"
    assert sorted(copied) == sorted(provider_dir / z.name for z in zips.values())
    assert json.loads((provider_dir / "index.json").read_text()) == {"versions": {"1.0.0": {}}}
    archives = json.loads((provider_dir / "1.0.0.json").read_text())["archives"]
    assert set(archives) == {"linux_amd64", "darwin_arm64"}
    for target, archive in zips.items():
        # the URL is relative to 1.0.0.json: the zip beside it, where the filesystem mirror has it too
        assert archives[target]["url"] == archive.name
        assert archives[target]["hashes"] == [h1_of_zip(archive), zh_of_zip(archive)]
        assert (provider_dir / archive.name).read_bytes() == archive.read_bytes()


def test_mirror_keeps_earlier_versions_listed(tmp_path: Path) -> None:
    _fake_release(tmp_path / "old", "1.0.0")
    _fake_release(tmp_path / "new", "1.1.0")
    write_mirror(tmp_path / "old", tmp_path / "mirror")
    write_mirror(tmp_path / "new", tmp_path / "mirror")
    provider_dir = tmp_path / "mirror" / "registry.terraform.io" / "sinch" / "sinch"
    assert json.loads((provider_dir / "index.json").read_text()) == {"versions": {"1.0.0": {}, "1.1.0": {}}}
    assert (provider_dir / "1.0.0.json").is_file() and (provider_dir / "1.1.0.json").is_file()


def test_mirror_refuses_a_zip_that_does_not_match_its_sums(tmp_path: Path) -> None:
    zips = _fake_release(tmp_path / "dist", "1.0.0")
    zips["linux_amd64"].write_bytes(zips["linux_amd64"].read_bytes() + b"tampered")
    with pytest.raises(SystemExit, match="does not match its SHA-256"):
        write_mirror(tmp_path / "dist", tmp_path / "mirror")
    (tmp_path / "dist" / sums_name("1.0.0")).unlink()
    with pytest.raises(SystemExit, match="SHA256SUMS is missing"):
        write_mirror(tmp_path / "dist", tmp_path / "mirror")
    with pytest.raises(SystemExit, match="no release zips"):
        write_mirror(tmp_path / "empty", tmp_path / "mirror")


def test_mirror_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fake_release(tmp_path / "dist", "1.0.0")
    main(["terraform-provider-sinch", "mirror", "--dist", str(tmp_path / "dist"), "--dir", str(tmp_path / "m")])
    out = capsys.readouterr().out
    assert "Mirrored " in out and "terraform-provider-sinch_1.0.0_linux_amd64.zip" in out
    assert read_sums(tmp_path / "dist" / sums_name("1.0.0"))[manifest_name("1.0.0")]


# --- install from the release executable ------------------------------------------------------------------------


def test_install_from_the_release_copies_it_as_terraform_unpacks_the_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unpacked = _golden_dir(tmp_path / "downloaded")
    executable = unpacked / "terraform-provider-sinch_v9.9.9"
    executable.rename(unpacked / executable_name())
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(unpacked / executable_name()))
    monkeypatch.setattr(sys, "_MEIPASS", str(unpacked / "_internal"), raising=False)
    (tmp_path / "mirror" / "registry.terraform.io" / "sinch" / "sinch" / __version__ / target_platform()).mkdir(
        parents=True
    )
    stale = tmp_path / "mirror" / "registry.terraform.io" / "sinch" / "sinch" / __version__ / target_platform() / "x"
    stale.write_text("a launcher from an earlier install")

    installed = install(tmp_path / "mirror")

    assert installed == stale.parent / executable_name()
    assert not stale.exists()
    assert h1_of_dir(installed.parent) == h1_of_dir(unpacked)  # the same package, so the same lock-file hash


# --- one version everywhere -------------------------------------------------------------------------------------


def test_one_version_everywhere() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "provider.__version__"}
    assert "from provider import __version__" in (ROOT / "release" / "terraform-provider-sinch.spec").read_text()
    changelog = (ROOT / "CHANGELOG.md").read_text()
    first = re.search(r"^## (\d+\.\d+\.\d+)", changelog, re.MULTILINE)
    assert first and first.group(1) == __version__, "CHANGELOG.md's newest entry names another version"


def test_license_is_the_one_pyproject_declares() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == {"text": "MPL-2.0"}
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("Mozilla Public License Version 2.0")
    assert 'Exhibit B - "Incompatible With Secondary Licenses" Notice' in text

"""provider/main.py: the filesystem-mirror installer, the platform name, and a lean start-up."""

from __future__ import annotations

import json
import platform
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from provider import __version__
from provider.main import install, main, target_platform

ROOT = Path(__file__).resolve().parents[2]


def test_install_writes_an_executable_launcher_in_the_mirror_layout(tmp_path: Path) -> None:
    launcher = install(tmp_path)
    expected = (
        tmp_path
        / "registry.terraform.io"
        / "sinch"
        / "sinch"
        / __version__
        / target_platform()
        / f"terraform-provider-sinch_v{__version__}"
    )
    assert launcher == expected
    assert launcher.is_file()
    mode = launcher.stat().st_mode
    assert mode & stat.S_IXUSR and mode & stat.S_IXGRP and mode & stat.S_IXOTH
    text = launcher.read_text()
    assert text.startswith("#!/bin/sh\n")
    assert re.search(r"^exec '.+' .*\"\$@\"$", text, re.MULTILINE)
    # Installing again overwrites in place.
    assert install(tmp_path) == launcher


def test_installed_launcher_runs_this_provider(tmp_path: Path) -> None:
    launcher = install(tmp_path)
    result = subprocess.run(
        [str(launcher), "--version"], capture_output=True, text=True, timeout=30, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"terraform-provider-sinch {__version__}"


def test_main_install_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["terraform-provider-sinch", "install", "--dir", str(tmp_path / "mirror")])
    out = capsys.readouterr().out
    assert out.startswith(f"Installed registry.terraform.io/sinch/sinch {__version__} ({target_platform()}) at ")
    assert list((tmp_path / "mirror").rglob(f"terraform-provider-sinch_v{__version__}"))


def test_target_platform_shape() -> None:
    name = target_platform()
    assert re.fullmatch(r"[a-z0-9]+_[a-z0-9]+", name)
    if platform.system() == "Linux" and platform.machine() == "x86_64":
        assert name == "linux_amd64"


@pytest.mark.parametrize(
    ("system", "machine", "expected"),
    [
        ("Linux", "x86_64", "linux_amd64"),
        ("Linux", "aarch64", "linux_arm64"),
        ("Darwin", "arm64", "darwin_arm64"),
        ("Windows", "AMD64", "windows_amd64"),
        ("FreeBSD", "i386", "freebsd_386"),
        ("SunOS", "sparc64", "sunos_sparc64"),
    ],
)
def test_target_platform_mapping(monkeypatch: pytest.MonkeyPatch, system: str, machine: str, expected: str) -> None:
    monkeypatch.setattr(platform, "system", lambda: system)
    monkeypatch.setattr(platform, "machine", lambda: machine)
    assert target_platform() == expected


def _loaded_after(statement: str) -> dict[str, bool]:
    code = f"import json, sys\n{statement}\nprint(json.dumps({{m: m in sys.modules for m in ('httpx', 'pydantic')}}))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, bool] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_entry_point_loads_neither_httpx_nor_pydantic() -> None:
    assert _loaded_after("import provider.main") == {"httpx": False, "pydantic": False}
    assert _loaded_after("import resources.main") == {"httpx": False, "pydantic": False}


def test_only_the_entry_point_knows_the_resources() -> None:
    """provider/ is the generic bridge: no module of it imports resources/ (no circular dependency)."""
    for module in (ROOT / "provider").glob("*.py"):
        imports = [line for line in module.read_text().splitlines() if line.lstrip().startswith(("from ", "import "))]
        assert not [line for line in imports if "resources" in line.split()[1]], module.name


def test_httpx_loads_on_first_use() -> None:
    # The check above can only fail if the modules can be seen: here they are, once the client is imported.
    assert _loaded_after("import provider.main\nimport provider.client") == {"httpx": True, "pydantic": False}

"""Acceptance fixtures: one emulator and one provider mirror per session (per xdist worker: the suite runs in
parallel); a fresh workspace per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from emulator.server import EmulatorServer
from tests.harness import KEY_ID, KEY_SECRET, Emulator, Workspace, install_provider, terraform_env, write_cli_config

PROJECT = "acc-project-0001"


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    with EmulatorServer(key_id=KEY_ID, key_secret=KEY_SECRET) as server:
        yield Emulator(server.url)


@pytest.fixture(scope="session")
def cli_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("terraform")
    mirror = root / "mirror"
    install_provider(mirror)
    return write_cli_config(root / "terraform.rc", mirror)


@pytest.fixture(scope="session", autouse=True)
def terraform_environment(cli_config: Path, emulator: Emulator) -> Iterator[None]:
    """pytest-terraform runs terraform with os.environ: point it at the emulator and the test mirror."""
    saved = dict(os.environ)
    os.environ.update(terraform_env(cli_config, emulator, PROJECT))
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(autouse=True)
def clean_emulator(emulator: Emulator) -> None:
    emulator.reset()


@pytest.fixture
def workspace(tmp_path: Path, cli_config: Path, emulator: Emulator) -> Callable[..., Workspace]:
    """Make workspaces: ``workspace()`` or ``workspace("name", project_id=None, **env)``."""

    def make(name: str = "ws", project_id: str | None = PROJECT, **env: str) -> Workspace:
        return Workspace(tmp_path / name, {**terraform_env(cli_config, emulator, project_id), **env})

    return make

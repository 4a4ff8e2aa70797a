"""Every example in examples/ is valid configuration for the provider's current schema."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.harness import Workspace

pytestmark = pytest.mark.acceptance

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FOLDERS = sorted(str(p.relative_to(EXAMPLES)) for p in EXAMPLES.glob("**/") if p != EXAMPLES and any(p.glob("*.tf")))


def test_every_example_folder_is_listed() -> None:
    assert {"provider", "quickstart", "import-existing-senders", "resources/sinch_webhook"} <= set(FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS)
def test_example_validates(folder: str, workspace: Callable[..., Workspace], tmp_path: Path) -> None:
    # the whole tree, so that what an example refers to resolves: ../modules/..., a Lambda zip beside it
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*"))
    ws = Workspace(tmp_path / "examples" / folder, workspace().env)
    if any("required_providers" in p.read_text() for p in (EXAMPLES / folder).glob("*.tf")):
        (ws.path / "providers.tf").unlink()
    result = ws.validate()
    assert result.returncode == 0, result.stdout + result.stderr

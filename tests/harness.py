"""Test helpers: the emulator's admin API, and Terraform workspaces driven through the real CLI.

Terraform finds the provider through a filesystem mirror written by ``terraform-provider-sinch install``
and a CLI config generated here: tests never read the user's ``~/.terraformrc``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

KEY_ID = "acc-key-id"
KEY_SECRET = "acc-key-secret-do-not-log"
AWS_MIRROR = Path("/opt/tf-plugins")


def terraform_binary() -> str:
    found = shutil.which("terraform")
    if not found:
        raise RuntimeError("the acceptance tests need the terraform binary on PATH")
    return found


@dataclass
class Emulator:
    url: str
    key_id: str = KEY_ID
    key_secret: str = KEY_SECRET

    def admin(self, method: str, path: str, **kwargs: Any) -> Any:
        response = httpx.request(method, f"{self.url}/_emulator{path}", timeout=10, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A call to the emulated API as another client would make it (Basic auth)."""
        return httpx.request(method, f"{self.url}{path}", auth=(self.key_id, self.key_secret), timeout=10, **kwargs)

    def reset(self) -> None:
        self.admin("POST", "/reset")

    def requests(self) -> list[dict[str, Any]]:
        return self.admin("GET", "/requests")["requests"]

    def api_requests(self) -> list[dict[str, Any]]:
        """Requests to the Provisioning API itself (not the token endpoint)."""
        return [r for r in self.requests() if r["path"].startswith("/v1/")]

    def clear_requests(self) -> None:
        self.admin("DELETE", "/requests")

    def webhooks(self, project_id: str) -> list[dict[str, Any]]:
        """Stored webhooks, secrets included (admin view)."""
        return self.admin("GET", f"/projects/{project_id}/webhooks")["webhooks"]

    def add_fault(self, **rule: Any) -> None:
        self.admin("POST", "/faults", json=rule)

    # --- WhatsApp ---------------------------------------------------------------------------------

    def settings(self, **values: Any) -> dict[str, Any]:
        return self.admin("PATCH", "/settings", json=values)

    def advance(self, seconds: float) -> None:
        self.admin("POST", "/clock/advance", json={"seconds": seconds})

    def seed_account(self, project_id: str, **fields: Any) -> dict[str, Any]:
        return self.admin("POST", f"/projects/{project_id}/whatsapp/account", json=fields)

    def seed_sender(self, project_id: str, **fields: Any) -> dict[str, Any]:
        return self.admin("POST", f"/projects/{project_id}/whatsapp/senders", json=fields)

    def senders(self, project_id: str) -> list[dict[str, Any]]:
        """Stored senders (admin view, including those scheduled for removal)."""
        return self.admin("GET", f"/projects/{project_id}/whatsapp_senders")["whatsapp_senders"]

    def sender(self, project_id: str, sender_id: str) -> dict[str, Any]:
        """The sender as the API returns it."""
        response = self.api("GET", f"/v1/projects/{project_id}/whatsapp/senders/{sender_id}")
        response.raise_for_status()
        return response.json()

    def otp(self, project_id: str, sender_id: str) -> str:
        return self.admin("GET", f"/projects/{project_id}/whatsapp/senders/{sender_id}/otp")["code"]

    def review_sender_change(self, project_id: str, sender_id: str, outcome: str, reason: str = "") -> None:
        self.admin(
            "POST",
            f"/projects/{project_id}/whatsapp/senders/{sender_id}/changes/review",
            json={"outcome": outcome, "reason": reason},
        )

    def review_account(self, project_id: str, outcome: str, reason: str = "") -> None:
        self.admin(
            "POST", f"/projects/{project_id}/whatsapp/account/review", json={"outcome": outcome, "reason": reason}
        )

    def sender_rule(self, **rule: Any) -> None:
        self.admin("POST", "/whatsapp/sender-rules", json=rule)

    def clear_sender_rules(self) -> None:
        self.admin("DELETE", "/whatsapp/sender-rules")

    # --- WhatsApp templates -------------------------------------------------------------------------

    def seed_template(self, project_id: str, **fields: Any) -> dict[str, Any]:
        """A template "as if created in the Sinch dashboard" (WhatsappTemplateDto fields; APPROVED unless
        `state` says otherwise, `state=None` for a draft)."""
        return self.admin("POST", f"/projects/{project_id}/whatsapp/templates", json=fields)

    def templates(self, project_id: str) -> list[dict[str, Any]]:
        """Stored templates (admin view, internals included)."""
        return self.admin("GET", f"/projects/{project_id}/whatsapp_templates")["whatsapp_templates"]

    def template(self, project_id: str, name: str, language: str) -> dict[str, Any]:
        """The template as the API returns it."""
        response = self.api("GET", f"/v1/projects/{project_id}/whatsapp/templates/{name}/languages/{language}")
        response.raise_for_status()
        return response.json()

    def review_template(
        self,
        project_id: str,
        name: str,
        language: str,
        outcome: str,
        reason: str = "",
        rejection_code: str | None = None,
        category: str | None = None,
    ) -> dict[str, Any]:
        """End the template's review now: "approve" (optionally with Meta's category) or "reject"."""
        body: dict[str, Any] = {"outcome": outcome, "reason": reason}
        if rejection_code is not None:
            body["rejectionCode"] = rejection_code
        if category is not None:
            body["category"] = category
        path = f"/projects/{project_id}/whatsapp/templates/{name}/languages/{language}/review"
        return self.admin("POST", path, json=body)

    def set_template_state(
        self,
        project_id: str,
        name: str,
        language: str,
        state: str | None = None,
        quality_score: str | None = None,
    ) -> dict[str, Any]:
        """Meta moves an approved template: APPROVED, PAUSED or DISABLED, and/or a new quality score."""
        body: dict[str, Any] = {}
        if state is not None:
            body["state"] = state
        if quality_score is not None:
            body["qualityScore"] = quality_score
        path = f"/projects/{project_id}/whatsapp/templates/{name}/languages/{language}/state"
        return self.admin("POST", path, json=body)

    def template_rule(self, **rule: Any) -> dict[str, Any]:
        """A rule for the review of matching template submissions (see emulator/README.md)."""
        return self.admin("POST", "/whatsapp/template-rules", json=rule)

    def clear_template_rules(self) -> None:
        self.admin("DELETE", "/whatsapp/template-rules")


REQUIRED_PROVIDERS = """terraform {
  required_providers {
    sinch = { source = "sinch/sinch" }
  }
}
"""


class TerraformError(AssertionError):
    pass


class Workspace:
    """One Terraform working directory with its own state."""

    def __init__(self, path: Path, env: dict[str, str]):
        self.path = path
        self.env = env
        path.mkdir(parents=True, exist_ok=True)
        (path / "providers.tf").write_text(REQUIRED_PROVIDERS)
        self._initialised = False

    def write(self, config: str, name: str = "main.tf") -> Workspace:
        (self.path / name).write_text(textwrap.dedent(config))
        return self

    def run(
        self, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [terraform_binary(), *args],
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

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start ``terraform ARGS`` in its own process group (as a shell runs a foreground job), for tests
        that interrupt or kill it; its output is merged into ``stdout``."""
        self.init()
        return subprocess.Popen(
            [terraform_binary(), *args],
            cwd=self.path,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    def init(self) -> None:
        if not self._initialised:
            self.run("init", "-input=false", "-no-color")
            self._initialised = True

    def apply(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        self.init()
        return self.run("apply", "-auto-approve", "-input=false", "-no-color", *extra, check=check)

    def destroy(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        self.init()
        return self.run("destroy", "-auto-approve", "-input=false", "-no-color", check=check)

    def refresh(self) -> subprocess.CompletedProcess[str]:
        """Update the state from the API (``plan`` refreshes only in memory)."""
        self.init()
        return self.run("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")

    def validate(self) -> subprocess.CompletedProcess[str]:
        self.init()
        return self.run("validate", "-no-color", check=False)

    def plan(self, *extra: str) -> tuple[int, dict[str, Any], str]:
        """(exit code of ``plan -detailed-exitcode``, the plan as JSON, the human output)."""
        self.init()
        result = self.run("plan", "-detailed-exitcode", "-input=false", "-no-color", "-out=tfplan", *extra, check=False)
        if result.returncode == 1:
            raise TerraformError(f"terraform plan failed\n{result.stdout}\n{result.stderr}")
        shown = self.run("show", "-json", "tfplan")
        return result.returncode, json.loads(shown.stdout), result.stdout + result.stderr

    def plan_fails(self, *extra: str) -> str:
        self.init()
        result = self.run("plan", "-input=false", "-no-color", *extra, check=False)
        if result.returncode == 0:
            raise TerraformError(f"terraform plan unexpectedly succeeded\n{result.stdout}")
        return result.stdout + result.stderr

    def state(self) -> dict[str, Any]:
        """``terraform show -json``: the resources in state, by address."""
        shown = json.loads(self.run("show", "-json").stdout)
        resources = (shown.get("values") or {}).get("root_module", {}).get("resources", [])
        return {r["address"]: r for r in resources}

    def outputs(self) -> dict[str, Any]:
        return {k: v["value"] for k, v in json.loads(self.run("output", "-json").stdout).items()}


def children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie nobody reaped does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def changes(plan: dict[str, Any]) -> dict[str, list[str]]:
    """Resource address -> actions, for every planned change that is not a no-op."""
    return {
        rc["address"]: rc["change"]["actions"]
        for rc in plan.get("resource_changes", [])
        if rc["change"]["actions"] not in (["no-op"], ["read"])
    }


def changed_attributes(plan: dict[str, Any], address: str) -> set[str]:
    rc = next(rc for rc in plan["resource_changes"] if rc["address"] == address)
    before, after = rc["change"]["before"] or {}, rc["change"]["after"] or {}
    unknown = rc["change"].get("after_unknown") or {}
    keys = set(before) | set(after)
    return {k for k in keys if before.get(k) != after.get(k) or unknown.get(k)}


def write_cli_config(path: Path, mirror: Path) -> Path:
    """A CLI config that takes sinch/sinch from the test mirror (and hashicorp/* from the machine's mirror)."""
    sources = {mirror: "registry.terraform.io/sinch/*"}
    if AWS_MIRROR.is_dir():
        sources[AWS_MIRROR] = "registry.terraform.io/hashicorp/*"
    body = "\n".join(
        f'  filesystem_mirror {{\n    path    = "{path}"\n    include = ["{pattern}"]\n  }}'
        for path, pattern in sources.items()
    )
    excluded = [f'"{pattern}"' for pattern in sources.values()]
    path.write_text(
        f"provider_installation {{\n{body}\n  direct {{\n    exclude = [{', '.join(excluded)}]\n  }}\n}}\n"
        "disable_checkpoint = true\n"
    )
    return path


def console_script(name: str) -> str:
    """A console script of the environment running the tests (activated or not)."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def install_provider(mirror: Path) -> None:
    """Install exactly as a user would: ``terraform-provider-sinch install --dir MIRROR``."""
    command = [console_script("terraform-provider-sinch"), "install", "--dir", str(mirror)]
    subprocess.run(command, check=True, capture_output=True, text=True)


@contextlib.contextmanager
def local_sinch() -> Iterator[tuple[Path, Path, Emulator]]:
    """For benches and scripts: a temporary folder, a running emulator, and the provider installed in a mirror
    with its CLI config. Yields (folder, CLI config, emulator)."""
    from emulator.server import EmulatorServer

    with tempfile.TemporaryDirectory() as tmp, EmulatorServer(key_id=KEY_ID, key_secret=KEY_SECRET) as server:
        root = Path(tmp)
        install_provider(root / "mirror")
        yield root, write_cli_config(root / "terraform.rc", root / "mirror"), Emulator(server.url)


def terraform_env(cli_config: Path, emulator: Emulator, project_id: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SINCH_", "TF_"))}
    env.update(
        TF_CLI_CONFIG_FILE=str(cli_config),
        TF_IN_AUTOMATION="1",
        CHECKPOINT_DISABLE="1",
        SINCH_KEY_ID=emulator.key_id,
        SINCH_KEY_SECRET=emulator.key_secret,
        SINCH_PROVISIONING_URL=emulator.url,
        SINCH_AUTH_URL=f"{emulator.url}/oauth2/token",
        SINCH_MAX_RETRIES="3",
    )
    if project_id:
        env["SINCH_PROJECT_ID"] = project_id
    return env


# --- AWS, for the examples that run next to cloud infrastructure -------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _answers(url: str, process: subprocess.Popen[bytes], deadline: float) -> bool:
    """Whether ``url`` answers 200 before ``deadline``, while ``process`` (its server) lives."""
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        time.sleep(0.1)
    return False


@contextlib.contextmanager
def moto_server(log: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """moto in server mode (``python -m moto.server``) on a free loopback port, as AWS for the hashicorp/aws
    provider; yields its URL and stops it (by its own process ID) afterwards. Its request log goes to ``log``."""
    for _ in range(3):
        port = free_port(host)
        url = f"http://{host}:{port}"
        with log.open("ab") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", host, "-p", str(port)],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        if not _answers(f"{url}/moto-api/data.json", process, deadline=time.monotonic() + 60):
            process.kill()
            process.wait()
            continue  # the port was taken in between, or moto did not come up: another port
        try:
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return
    raise RuntimeError(f"moto did not start; its output is in {log}")


def aws_env(env: dict[str, str], endpoint: str, region: str = "eu-west-1") -> dict[str, str]:
    """``env`` with AWS pointed at ``endpoint`` (moto) with test keys, and nothing of the user's AWS set-up
    (profiles, config files, instance metadata) in reach."""
    hermetic = {k: v for k, v in env.items() if not k.startswith("AWS_")}
    hermetic.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION=region,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
    )
    return hermetic

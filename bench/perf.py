"""Every performance scenario in one run, side by side with Terraform's floor, a no-op provider and the AWS provider.

    python bench/perf.py [--resources 1000] [--latency-resources 200] [--latency 0.2] [--memory-at 1000,5000]
                         [--only webhooks,templates,latency,startup,memory] [--repeat N] [--zip RELEASE.zip]
                         [--json PATH]

The real `terraform` binary against the emulator (in this process), with:
  (a) terraform-provider-sinch, installed from this checkout as tests/harness.py installs it;
  (b) the floor: the same number of built-in `terraform_data` resources (no provider process);
  (c) a no-op provider on the same `tf` framework and runner (bench/noop_provider.py: the schema of
      `sinch_webhook`, no I/O, no validation), installed in the same mirror as `registry.terraform.io/bench/noop`.
Each command runs for the variants in turn (the order rotates with --repeat), so a shared machine slows them alike.

Scenarios:
  webhooks   N `sinch_webhook` (15 per project, the emulator's limit) vs N terraform_data vs N `noop_webhook`:
             validate, apply, plan (refreshing), plan -refresh=false, destroy
  templates  N `sinch_whatsapp_template` (250 per project) vs N terraform_data: the same commands
  latency    --latency-resources webhooks, then templates, with --latency seconds on every API request (a delay
             fault rule); apply, plan (refreshing), destroy against the bound N x L / P (P = 10, Terraform's
             default parallelism). First checks that the emulator serves delayed requests concurrently.
  startup    process start to the plugin handshake line, and to the first GetProviderSchema answered, for this
             provider (venv; and the release with --zip), the no-op provider and hashicorp/aws from /opt/tf-plugins
  memory     peak RSS (VmHWM) of the provider processes during apply and plan, at each --memory-at size
Requests per resource and phase (emulator request log) come with the webhooks, templates and latency scenarios.
Numbers, not assertions: see bench/README.md ("Performance at 1,000 resources").
"""

from __future__ import annotations

import argparse
import base64
import collections
import concurrent.futures
import datetime
import json
import math
import os
import platform
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from startup import unzip_release, venv_command  # noqa: E402  (bench/, next to this file)
from templates import templates_config  # noqa: E402

from provider.main import MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, target_platform  # noqa: E402
from tests.harness import AWS_MIRROR, Emulator, Workspace, local_sinch, terraform_binary, terraform_env  # noqa: E402

PARALLELISM = 10  # Terraform's default -parallelism
WEBHOOKS_PER_PROJECT = 15  # emulator/webhooks/validation.py MAX_WEBHOOKS_PER_PROJECT
TEMPLATES_PER_PROJECT = 250  # emulator/whatsapp/templates/lifecycle.py TEMPLATE_LIMIT
NOOP_SOURCE = ("registry.terraform.io", "bench", "noop", "0.0.1")
SCENARIOS = ("webhooks", "templates", "latency", "startup", "memory")
VARIANTS = ("sinch", "floor", "noop")
MB = 1024 * 1024

APPLY = ("apply", "-auto-approve", "-input=false", "-no-color")
PLAN = ("plan", "-input=false", "-no-color", "-detailed-exitcode")
COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate", "-no-color"),
    "apply": APPLY,
    "plan": PLAN,
    "plan -refresh=false": (*PLAN, "-refresh=false"),
    "destroy": ("destroy", "-auto-approve", "-input=false", "-no-color"),
}
# The project's targets: the provider's time over the floor's (terraform_data) at 1,000 resources.
FLOOR_TARGETS = {"validate": 3.0, "apply": 1.5, "plan": 2.0, "plan -refresh=false": 2.0, "destroy": 1.5}
LATENCY_TARGET = 1.2  # x N*L/P
MEMORY_TARGET_MB = 120.0  # at 1,000 webhooks


# --- configurations -----------------------------------------------------------------------------------------------

NOOP_PROVIDERS = 'terraform {\n  required_providers {\n    noop = { source = "bench/noop" }\n  }\n}\n'


def webhook_config(kind: str, count: int, prefix: str) -> str:
    """`count` webhooks in one resource block, 15 per project; the same attributes for the no-op provider; for the
    floor, `count` terraform_data with a string input."""
    attributes = f"""
  project_id = "{prefix}-${{floor(count.index / {WEBHOOKS_PER_PROJECT})}}"
  target     = "https://hooks.example.com/{prefix}/${{count.index}}"
  secret     = "s3cret"
  triggers   = ["ALL"]
"""
    if kind == "floor":  # the least Terraform itself does per resource: one string in, the same string out
        return f'resource "terraform_data" "w" {{\n  count = {count}\n  input = "{prefix}-${{count.index}}"\n}}\n'
    resource = "sinch_webhook" if kind == "sinch" else "noop_webhook"
    return f'resource "{resource}" "w" {{\n  count = {count}{attributes}}}\n'


def template_floor_config(count: int) -> str:
    return f'resource "terraform_data" "t" {{\n  count = {count}\n  input = "order_update_${{count.index}}"\n}}\n'


def projects_for(count: int, per_project: int) -> int:
    return max(1, math.ceil(count / per_project))


# --- installing the no-op provider and the CLI configuration ------------------------------------------------------


def install_noop(mirror: Path) -> Path:
    """The no-op provider in the mirror's unpacked layout, as `terraform-provider-sinch install` writes its launcher:
    a shell script that runs this environment's Python on bench/noop_provider.py (-P: no script folder on sys.path,
    as the sinch launcher keeps Terraform's working directory off it)."""
    hostname, namespace, name, version = NOOP_SOURCE
    target_dir = mirror / hostname / namespace / name / version / target_platform()
    target_dir.mkdir(parents=True, exist_ok=True)
    launcher = target_dir / f"terraform-provider-{name}_v{version}"
    script = Path(__file__).resolve().with_name("noop_provider.py")
    launcher.write_text(f"#!/bin/sh\nexec '{sys.executable}' -P '{script}' \"$@\"\n")
    launcher.chmod(0o755)
    return launcher


def write_cli_config(path: Path, mirror: Path) -> Path:
    """tests/harness.py's configuration with bench/* in the same mirror as sinch/*."""
    patterns = ['"registry.terraform.io/sinch/*"', '"registry.terraform.io/bench/*"']
    mirrors = [f'  filesystem_mirror {{\n    path    = "{mirror}"\n    include = [{", ".join(patterns)}]\n  }}']
    if AWS_MIRROR.is_dir():
        patterns.append('"registry.terraform.io/hashicorp/*"')
        hashicorp = '["registry.terraform.io/hashicorp/*"]'
        mirrors.append(f'  filesystem_mirror {{\n    path    = "{AWS_MIRROR}"\n    include = {hashicorp}\n  }}')
    path.write_text(
        "provider_installation {\n" + "\n".join(mirrors) + f"\n  direct {{\n    exclude = [{', '.join(patterns)}]\n"
        "  }\n}\ndisable_checkpoint = true\n"
    )
    return path


# --- running terraform, timed, optionally watching the provider's memory -------------------------------------------


@dataclass
class Run:
    seconds: float
    exit_code: int
    cpu_seconds: float  # terraform's and its providers' (user + system)
    peak_rss_mb: float | None = None  # the largest VmHWM of the watched provider processes
    processes: int = 0  # provider processes seen


def descendants(pid: int) -> list[int]:
    """Live descendants of `pid`, from /proc/PID/task/TID/children (no scan of /proc)."""
    found: list[int] = []
    stack = [pid]
    while stack:
        parent = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                kids = [int(k) for k in Path(f"/proc/{parent}/task/{task}/children").read_text().split()]
            except OSError:
                continue
            found.extend(kids)
            stack.extend(kids)
    return found


def peak_rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def run_terraform(ws: Workspace, command: Sequence[str], watch: str | None = None, expect: Sequence[int] = (0,)) -> Run:
    """`terraform COMMAND` in the workspace, timed (wall and CPU). With `watch`, every ~50 ms the descendants of
    terraform whose command line contains `watch` have their VmHWM read (the last reading before a process exits is
    its peak)."""
    out_path = ws.path / "last-run.log"
    with out_path.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [terraform_binary(), *command], cwd=ws.path, env=ws.env, stdout=out, stderr=subprocess.STDOUT
        )
        peaks: dict[int, int] = {}
        needle = watch.encode() if watch else None
        while True:
            # wait4: terraform's CPU time with that of the processes it waited for (its providers)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG if needle else 0)
            if pid:
                break
            assert needle is not None  # without one, wait4 blocked until terraform exited
            for child in descendants(process.pid):
                try:
                    if needle not in Path(f"/proc/{child}/cmdline").read_bytes():
                        continue
                except OSError:
                    continue
                kb = peak_rss_kb(child)
                if kb is not None:
                    peaks[child] = max(peaks.get(child, 0), kb)
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in expect:
        raise SystemExit(
            f"terraform {' '.join(command)} in {ws.path} exited {process.returncode}:\n{out_path.read_text()[-4000:]}"
        )
    peak = max(peaks.values()) / 1024 if peaks else None
    return Run(seconds, process.returncode, usage.ru_utime + usage.ru_stime, peak, len(peaks))


# --- request log ----------------------------------------------------------------------------------------------------


@dataclass
class Requests:
    methods: dict[str, int]
    tokens: int

    def per_resource(self, count: int) -> str:
        order = ["POST", "PUT", "PATCH", "GET", "DELETE"]
        shown = [m for m in order if self.methods.get(m)] or ["GET"]
        shown += sorted(m for m in self.methods if m not in order)
        return " + ".join(f"{self.methods.get(m, 0) / count:.2f} {m}" for m in shown)


def take_requests(emulator: Emulator) -> Requests:
    entries = emulator.requests()
    emulator.clear_requests()
    methods = collections.Counter(e["method"] for e in entries if e["path"].startswith("/v1/"))
    tokens = sum(e["path"] == "/oauth2/token" for e in entries)
    return Requests(dict(methods), tokens)


# --- results ----------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    scenario: str
    command: str
    count: int
    runs: dict[str, list[float]] = field(default_factory=dict)  # variant -> seconds of each repeat
    cpu: dict[str, list[float]] = field(default_factory=dict)  # variant -> CPU seconds of each repeat
    requests: Requests | None = None  # the provider's, last repeat

    def median(self, variant: str, cpu: bool = False) -> float | None:
        times = (self.cpu if cpu else self.runs).get(variant)
        return statistics.median(times) if times else None


@dataclass
class LatencyRow:
    scenario: str
    command: str
    count: int
    latency: float
    runs: list[float] = field(default_factory=list)
    requests: Requests | None = None
    #: the same command without the delay: Terraform's and the provider's own time, which no latency hides
    zero: list[float] = field(default_factory=list)

    @property
    def bound(self) -> float:
        return self.count * self.latency / PARALLELISM

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    latency: list[LatencyRow] = field(default_factory=list)
    concurrency: dict[str, float] = field(default_factory=dict)
    startup: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # name -> handshake/schema ms
    memory: list[dict[str, Any]] = field(default_factory=list)


# --- scenarios 1 and 2: side by side with the floor and the no-op provider --------------------------------------------


def side_by_side(
    scenario: str,
    workspaces: dict[str, Workspace],
    count: int,
    emulator: Emulator,
    repeat: int,
    commands: Sequence[str] = tuple(COMMANDS),
) -> list[Row]:
    rows = {name: Row(scenario, name, count) for name in commands}
    for ws in workspaces.values():
        ws.init()
    variants = list(workspaces)
    for round_ in range(repeat):
        order = variants[round_ % len(variants) :] + variants[: round_ % len(variants)]
        for name in commands:
            for variant in order:
                emulator.clear_requests()
                run = run_terraform(workspaces[variant], COMMANDS[name], expect=(0, 2) if "plan" in name else (0,))
                if run.exit_code == 2:
                    print(f"  WARNING: {variant}: terraform {name} after apply planned changes (exit code 2)")
                rows[name].runs.setdefault(variant, []).append(run.seconds)
                rows[name].cpu.setdefault(variant, []).append(run.cpu_seconds)
                if variant == "sinch":
                    rows[name].requests = take_requests(emulator)
                print(
                    f"  {scenario} {name:<20} {variant:<6} {run.seconds:7.2f} s ({run.cpu_seconds:.2f} s CPU)",
                    flush=True,
                )
    return list(rows.values())


def scenario_webhooks(root: Path, env: dict[str, str], emulator: Emulator, count: int, repeat: int) -> list[Row]:
    emulator.reset()
    print(f"\n# webhooks: {count} sinch_webhook ({projects_for(count, WEBHOOKS_PER_PROJECT)} projects) vs "
          f"{count} terraform_data vs {count} noop_webhook", flush=True)  # fmt: skip
    workspaces = {}
    for variant in VARIANTS:
        ws = Workspace(root / f"webhooks-{variant}", env).write(webhook_config(variant, count, "perf-wh"))
        if variant == "floor":
            (ws.path / "providers.tf").unlink()
        elif variant == "noop":
            ws.write(NOOP_PROVIDERS, "providers.tf")
        workspaces[variant] = ws
    return side_by_side("webhooks", workspaces, count, emulator, repeat)


def template_workspaces(root: Path, env: dict[str, str], emulator: Emulator, count: int, name: str) -> Workspace:
    projects = projects_for(count, TEMPLATES_PER_PROJECT)
    for p in range(projects):
        emulator.seed_account(f"bench-templates-{p}")
    return Workspace(root / name, env).write(templates_config(count, projects))


def scenario_templates(root: Path, env: dict[str, str], emulator: Emulator, count: int, repeat: int) -> list[Row]:
    emulator.reset()
    print(f"\n# templates: {count} sinch_whatsapp_template ({projects_for(count, TEMPLATES_PER_PROJECT)} projects) "
          f"vs {count} terraform_data vs {count} noop_whatsapp_template (same schema)", flush=True)  # fmt: skip
    sinch = template_workspaces(root, env, emulator, count, "templates-sinch")
    floor = Workspace(root / "templates-floor", env).write(template_floor_config(count))
    (floor.path / "providers.tf").unlink()
    # the no-op provider serving the real template schema: what Terraform itself spends on that schema
    noop_env = {**env, "BENCH_NOOP_TEMPLATES": "1"}
    noop_config = templates_config(count, projects_for(count, TEMPLATES_PER_PROJECT))
    noop = Workspace(root / "templates-noop", noop_env).write(noop_config.replace("sinch_", "noop_"))
    noop.write(NOOP_PROVIDERS, "providers.tf")
    return side_by_side("templates", {"sinch": sinch, "floor": floor, "noop": noop}, count, emulator, repeat)


# --- scenario 3: latency ----------------------------------------------------------------------------------------------


def concurrency_check(emulator: Emulator, latency: float) -> dict[str, float]:
    """10 delayed requests at once, after one alone: concurrent if the 10 take about one delay, not ten. One client
    with a pool of 10 kept-alive connections (opened by a first round), as the provider holds its connections."""
    import httpx

    url = f"{emulator.url}/v1/projects/perf-concurrency/webhooks"
    limits = httpx.Limits(max_connections=PARALLELISM, max_keepalive_connections=PARALLELISM)
    with (
        httpx.Client(auth=(emulator.key_id, emulator.key_secret), limits=limits, timeout=30) as client,
        concurrent.futures.ThreadPoolExecutor(max_workers=PARALLELISM) as pool,
    ):

        def get(_: int) -> int:
            return client.get(url).status_code

        list(pool.map(get, range(PARALLELISM)))  # opens the connections
        started = time.perf_counter()
        get(0)
        one = time.perf_counter() - started
        started = time.perf_counter()
        statuses = list(pool.map(get, range(PARALLELISM)))
        parallel = time.perf_counter() - started
    assert all(s == 200 for s in statuses), statuses
    emulator.clear_requests()
    return {"one": one, "parallel": parallel, "serialised": PARALLELISM * latency}


def scenario_latency(
    root: Path, env: dict[str, str], emulator: Emulator, count: int, latency: float, repeat: int, results: Results
) -> None:
    emulator.reset()
    print(f"\n# latency: {latency} s on every API request (token included)", flush=True)
    emulator.add_fault(path="", delay=latency, times=None)  # "" is found in every path; times None: unlimited
    check = concurrency_check(emulator, latency)
    results.concurrency = check
    print(f"  emulator check: 1 delayed request {check['one']:.2f} s; {PARALLELISM} at once {check['parallel']:.2f} s "
          f"(serialised would be {check['serialised']:.1f} s)", flush=True)  # fmt: skip
    kinds: list[tuple[str, Callable[[], Workspace]]] = [
        (
            "webhooks",
            lambda: Workspace(root / "latency-webhooks", env).write(webhook_config("sinch", count, "perf-lat")),
        ),
        ("templates", lambda: template_workspaces(root, env, emulator, count, "latency-templates")),
    ]
    for kind, make in kinds:
        ws = make()
        ws.init()
        rows = {name: LatencyRow(f"latency {kind}", name, count, latency) for name in ("apply", "plan", "destroy")}
        emulator.admin("DELETE", "/faults")  # first without the delay: what the same commands cost at zero latency
        for name, row in rows.items():
            run = run_terraform(ws, COMMANDS[name], expect=(0, 2) if name == "plan" else (0,))
            row.zero.append(run.seconds)
            print(f"  latency {kind} {name:<8} {run.seconds:7.2f} s at zero latency", flush=True)
        # a fresh emulator (Sinch keeps a deleted template's name and language for 30 days), projects seeded again
        emulator.reset()
        ws = make()
        emulator.add_fault(path="", delay=latency, times=None)  # "" is found in every path; times None: unlimited
        for _ in range(repeat):
            for name, row in rows.items():
                emulator.clear_requests()
                run = run_terraform(ws, COMMANDS[name], expect=(0, 2) if name == "plan" else (0,))
                row.runs.append(run.seconds)
                row.requests = take_requests(emulator)
                print(f"  latency {kind} {name:<8} {run.seconds:7.2f} s (bound {row.bound:.1f} s)", flush=True)
        results.latency.extend(rows.values())


# --- scenario 5: start-up ---------------------------------------------------------------------------------------------


def aws_provider() -> Path | None:
    found = sorted(AWS_MIRROR.rglob("terraform-provider-aws_*")) if AWS_MIRROR.is_dir() else []
    return found[-1] if found else None


def spawn(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(ms to the handshake line, ms to GetProviderSchema answered) of one start. Our providers serve TLS with the
    certificate in the handshake line; without PLUGIN_CLIENT_CERT, go-plugin (the AWS provider) serves plaintext."""
    import grpc

    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=cwd, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        handshake = (time.perf_counter() - started) * 1000
        parts = line.split("|")
        if len(parts) < 5 or parts[2] != "unix" or parts[4] != "grpc":
            raise SystemExit(f"unexpected handshake line from {command}: {line!r}")
        protocol, address = parts[1], parts[3]
        options = [("grpc.max_receive_message_length", 1 << 30), ("grpc.ssl_target_name_override", "localhost")]
        if len(parts) > 5 and parts[5]:
            der = base64.b64decode(parts[5] + "=" * (-len(parts[5]) % 4))
            root_pem = ssl.DER_cert_to_PEM_cert(der).encode()
            channel = grpc.secure_channel(f"unix:{address}", grpc.ssl_channel_credentials(root_pem), options=options)
        else:
            channel = grpc.insecure_channel(f"unix:{address}", options=options)
        method = "GetSchema" if protocol == "5" else "GetProviderSchema"
        call = channel.unary_unary(
            f"/tfplugin{protocol}.Provider/{method}",
            request_serializer=lambda body: body,
            response_deserializer=lambda body: body,
        )
        call(b"", timeout=120)  # an empty GetProviderSchema.Request
        schema = (time.perf_counter() - started) * 1000
        channel.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return handshake, schema


def scenario_startup(runs: int, release_zip: Path | None, results: Results) -> None:
    print(f"\n# startup: spawn to handshake line and to GetProviderSchema answered, median of {runs}", flush=True)
    noop = Path(__file__).resolve().with_name("noop_provider.py")
    with tempfile.TemporaryDirectory() as tmp:
        commands: dict[str, list[str]] = {"sinch (venv)": venv_command()}
        if release_zip:
            commands["sinch (release)"] = unzip_release(release_zip, Path(tmp) / "release")
        commands["no-op (tf runner)"] = [sys.executable, "-P", str(noop)]
        aws = aws_provider()
        if aws:
            commands[f"hashicorp/aws {aws.parent.parent.name}"] = [str(aws)]
        else:
            print(f"  no terraform-provider-aws under {AWS_MIRROR}: skipped")
        # as Terraform starts a plugin (less PLUGIN_CLIENT_CERT: see spawn)
        env = {**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE, "PLUGIN_PROTOCOL_VERSIONS": "5,6"}
        cwd = Path(tmp)
        for command in commands.values():  # warm-up: file cache, tf's certificate cache
            spawn(command, cwd, env)
        for name in commands:
            results.startup[name] = {"handshake": [], "schema": []}
        for _ in range(runs):
            for name, command in commands.items():
                handshake, schema = spawn(command, cwd, env)
                results.startup[name]["handshake"].append(handshake)
                results.startup[name]["schema"].append(schema)
    for name, figures in results.startup.items():
        print(f"  {name:<28} handshake {statistics.median(figures['handshake']):6.0f} ms, "
              f"schema {statistics.median(figures['schema']):6.0f} ms", flush=True)  # fmt: skip


# --- scenario 6: memory -----------------------------------------------------------------------------------------------


def scenario_memory(
    root: Path, env: dict[str, str], emulator: Emulator, sizes: Sequence[int], results: Results
) -> None:
    print("\n# memory: peak RSS (VmHWM) of the provider processes, polled every 50 ms", flush=True)
    for count in sizes:
        emulator.reset()
        variants = [("sinch", "terraform-provider-sinch"), ("noop", "noop_provider")]
        for variant, needle in variants if count == sizes[0] else variants[:1]:  # the no-op: a reference, once
            ws = Workspace(root / f"memory-{variant}-{count}", env).write(webhook_config(variant, count, "perf-mem"))
            if variant == "noop":
                ws.write(NOOP_PROVIDERS, "providers.tf")
            ws.init()
            for name in ("apply", "plan"):
                run = run_terraform(ws, COMMANDS[name], watch=needle, expect=(0, 2) if name == "plan" else (0,))
                results.memory.append(
                    {"count": count, "variant": variant, "command": name, "peak_rss_mb": run.peak_rss_mb,
                     "processes": run.processes, "seconds": run.seconds}
                )  # fmt: skip
                peak = f"{run.peak_rss_mb:.1f} MB" if run.peak_rss_mb is not None else "not seen"
                print(f"  {count} {variant:<5} {name:<6} {peak} over {run.processes} processes "
                      f"({run.seconds:.1f} s)", flush=True)  # fmt: skip
            shutil.rmtree(ws.path)  # no destroy: the emulator is reset
        emulator.reset()


# --- report -----------------------------------------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    return f"{value:.2f} s" if value is not None else "-"


def megabytes(value: float | None) -> str:
    return f"{value:.1f} MB" if value is not None else "-"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def times(value: float | None) -> str:
    return f"{value:.2f}x" if value is not None else "-"


def met(value: float | None, limit: float) -> str:
    return "-" if value is None else ("yes" if value <= limit else "**no**")


def report(results: Results, args: argparse.Namespace) -> str:
    lines: list[str] = []
    if results.rows:
        lines += [
            "| scenario | command | provider | floor (`terraform_data`) | no-op provider | provider / floor | "
            "provider / no-op | target (provider / floor) | met | CPU s: provider / floor / no-op |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in results.rows:
            sinch, floor, noop = row.median("sinch"), row.median("floor"), row.median("noop")
            cpu = " / ".join("-" if v is None else f"{v:.1f}" for v in (row.median(k, cpu=True) for k in VARIANTS))
            over_floor = ratio(sinch, floor)
            target = FLOOR_TARGETS[row.command]
            lines.append(
                f"| {row.count} {row.scenario} | {row.command} | {seconds(sinch)} | {seconds(floor)} | "
                f"{seconds(noop)} | {times(over_floor)} | {times(ratio(sinch, noop))} | <= {target}x | "
                f"{met(over_floor, target)} | {cpu} |"
            )
        lines.append("")
    if results.latency:
        check = results.concurrency
        lines += [
            f"Latency: {results.latency[0].latency} s on every API request (emulator check: {PARALLELISM} delayed "
            f"requests at once took {check.get('parallel', 0):.2f} s, one {check.get('one', 0):.2f} s; serialised "
            f"would be {check.get('serialised', 0):.1f} s).",
            "",
            "| scenario | command | wall time | bound N·L/P | ratio | target | met | at zero latency | "
            "(wall - zero latency) / bound |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for lat in results.latency:
            over = lat.median / lat.bound
            zero = statistics.median(lat.zero) if lat.zero else None
            added = "-" if zero is None else times((lat.median - zero) / lat.bound)
            lines.append(
                f"| {lat.count} {lat.scenario} | {lat.command} | {seconds(lat.median)} | {lat.bound:.1f} s | "
                f"{times(over)} | <= {LATENCY_TARGET}x | {met(over, LATENCY_TARGET)} | "
                f"{'-' if zero is None else seconds(zero)} | {added} |"
            )
        lines.append("")
    counted = [(f"{r.count} {r.scenario}", r.command, r.count, r.requests) for r in results.rows if r.requests]
    counted += [(f"{r.count} {r.scenario}", r.command, r.count, r.requests) for r in results.latency if r.requests]
    if counted:
        lines += ["| scenario | phase | API requests per resource | token requests |", "|---|---|---|---|"]
        for scenario, command, count, requests in counted:
            assert requests is not None
            lines.append(f"| {scenario} | {command} | {requests.per_resource(count)} | {requests.tokens} |")
        lines.append("")
    if results.startup:
        aws = next((name for name in results.startup if name.startswith("hashicorp/aws")), None)
        aws_ms = statistics.median(results.startup[aws]["handshake"]) if aws else None
        lines += [
            "| start-up (median of interleaved runs) | to handshake line | to GetProviderSchema answered | runs | "
            "target (<= AWS provider, handshake) | met |",
            "|---|---|---|---|---|---|",
        ]
        for name, figures in results.startup.items():
            handshake = statistics.median(figures["handshake"])
            is_ours = name.startswith("sinch")
            verdict = met(handshake / aws_ms, 1.0) if is_ours and aws_ms else "-"
            lines.append(
                f"| {name} | {handshake:.0f} ms | {statistics.median(figures['schema']):.0f} ms | "
                f"{len(figures['handshake'])} | {'<= ' + format(aws_ms, '.0f') + ' ms' if is_ours and aws_ms else '-'} "
                f"| {verdict} |"
            )
        lines.append("")
    if results.memory:
        lines += [
            "| memory: peak RSS of the provider processes | command | provider | no-op provider | target | met |",
            "|---|---|---|---|---|---|",
        ]
        by_key = {(m["count"], m["variant"], m["command"]): m for m in results.memory}
        for count in sorted({m["count"] for m in results.memory}):
            for command in ("apply", "plan"):
                sinch = by_key.get((count, "sinch", command), {}).get("peak_rss_mb")
                noop = by_key.get((count, "noop", command), {}).get("peak_rss_mb")
                wanted = f"<= {MEMORY_TARGET_MB:.0f} MB" if count <= 1000 else "-"
                verdict = met(sinch, MEMORY_TARGET_MB) if count <= 1000 else "-"
                lines.append(
                    f"| {count} webhooks | {command} | {megabytes(sinch)} | {megabytes(noop)} | {wanted} | {verdict} |"
                )
        lines.append("")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    version = json.loads(
        subprocess.run([terraform_binary(), "version", "-json"], capture_output=True, text=True).stdout
    )
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "load_average_start": os.getloadavg(),
        "terraform": version.get("terraform_version"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit.stdout.strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, default=1000)
    parser.add_argument("--latency-resources", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds of delay on every API request")
    parser.add_argument("--memory-at", default="1000,5000", help="webhook counts for the memory scenario")
    parser.add_argument("--only", default=",".join(SCENARIOS), help=f"some of: {','.join(SCENARIOS)}")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command (the median is reported)")
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--zip", type=Path, help="a release zip: its start-up next to the venv's")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios {', '.join(sorted(unknown))}; known: {', '.join(SCENARIOS)}")
    sizes = [int(s) for s in args.memory_at.split(",") if s.strip()]

    info = machine()
    print(f"# bench/perf.py, {info['date']}, commit {info['commit']}")
    print(f"machine: {info['nproc']} CPUs, load average {' '.join(f'{x:.2f}' for x in info['load_average_start'])}, "
          f"{info['platform']}; Terraform {info['terraform']}, Python {info['python']}", flush=True)  # fmt: skip
    started = time.monotonic()
    results = Results()
    needs_emulator = set(only) & {"webhooks", "templates", "latency", "memory"}
    if needs_emulator:
        with local_sinch() as (root, _, emulator):
            install_noop(root / "mirror")
            cli = write_cli_config(root / "perf.rc", root / "mirror")
            env = terraform_env(cli, emulator, None)
            if "webhooks" in only:
                results.rows += scenario_webhooks(root, env, emulator, args.resources, args.repeat)
            if "templates" in only:
                results.rows += scenario_templates(root, env, emulator, args.resources, args.repeat)
            if "latency" in only:
                scenario_latency(root, env, emulator, args.latency_resources, args.latency, args.repeat, results)
            if "memory" in only:
                scenario_memory(root, env, emulator, sizes, results)
    if "startup" in only:
        scenario_startup(args.startup_runs, args.zip, results)
    elapsed = time.monotonic() - started
    info["load_average_end"] = os.getloadavg()
    info["seconds"] = elapsed

    print(f"\n## Results ({info['date'][:10]}, commit {info['commit']}, {info['nproc']} CPUs, Terraform "
          f"{info['terraform']}, Python {info['python']}; load average {info['load_average_start'][0]:.2f} at start, "
          f"{info['load_average_end'][0]:.2f} at end; {elapsed / 60:.1f} min; medians of {args.repeat} "
          f"run{'s' if args.repeat > 1 else ''})\n")  # fmt: skip
    print(report(results, args))
    if args.json:
        raw = {
            "machine": info,
            "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            "rows": [
                {"scenario": r.scenario, "command": r.command, "count": r.count, "runs": r.runs, "cpu": r.cpu,
                 "requests": vars(r.requests) if r.requests else None}
                for r in results.rows
            ],
            "latency": [
                {"scenario": r.scenario, "command": r.command, "count": r.count, "latency": r.latency, "runs": r.runs,
                 "bound": r.bound, "requests": vars(r.requests) if r.requests else None}
                for r in results.latency
            ],
            "concurrency_check": results.concurrency,
            "startup_ms": results.startup,
            "memory": results.memory,
        }  # fmt: skip
        args.json.write_text(json.dumps(raw, indent=2) + "\n")
        print(f"raw figures: {args.json}")


if __name__ == "__main__":
    main()

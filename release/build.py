"""``make release``: the self-contained provider executable, zipped as the registry protocol expects, into dist/.

    python release/build.py [--dist DIST] [--work WORK]
    python release/build.py --sums-only [--dist DIST]    # after copying other platforms' zips into DIST

1. PyInstaller builds a one-folder executable from resources/main.py (release/terraform-provider-sinch.spec):
   ``terraform-provider-sinch_v<version>`` and its ``_internal/`` folder; no Python needed on the target.
2. Checks of the folder: regular files only (Terraform's unzip writes no symbolic links), every library it
   needs is in the folder or is part of glibc or the GCC runtime, no file needs a glibc newer than
   ``GLIBC_FLOOR`` (the README promises it), and the executable answers ``--version`` and ``--help``.
3. ``terraform-provider-sinch_<version>_<os>_<arch>.zip``, the same bytes for the same folder (sorted entries, one
   timestamp: SOURCE_DATE_EPOCH, else the last commit's), the manifest
   ``terraform-provider-sinch_<version>_manifest.json`` (terraform-registry-manifest.json) and
   ``terraform-provider-sinch_<version>_SHA256SUMS`` over every zip of that version in DIST and the manifest
   (zips of other platforms, built on their own machines and copied into DIST, stay listed).

Python's version and the build machine's glibc set the release's glibc floor: see README, "Installing a release".
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from provider import __version__  # noqa: E402 (the one source of the version)
from provider.main import (  # noqa: E402
    MAGIC_COOKIE_KEY,
    PROGRAM,
    executable_name,
    h1_of_zip,
    manifest_name,
    parse_zip_name,
    sha256_of_file,
    sums_name,
    target_platform,
    zip_name,
)

SPEC = ROOT / "release" / "terraform-provider-sinch.spec"
MANIFEST = ROOT / "terraform-registry-manifest.json"

#: The newest glibc symbol version the release may need. README ("Installing a release") promises this floor;
#: a build that needs more fails here rather than on a user's machine.
GLIBC_FLOOR = (2, 35)
#: Libraries a glibc system has: glibc's own, and the GCC runtime (libgcc_s: glibc depends on it; libstdc++: at
#: least as new as the manylinux wheels of grpcio and protobuf need). Everything else must be in the folder.
SYSTEM_LIBRARIES = frozenset(
    {
        "libc.so.6",
        "libm.so.6",
        "libpthread.so.0",
        "libdl.so.2",
        "librt.so.1",
        "libutil.so.1",
        "libresolv.so.2",
        "ld-linux-x86-64.so.2",
        "ld-linux-aarch64.so.1",
        "libgcc_s.so.1",
        "libstdc++.so.6",
    }
)


@dataclass
class Release:
    version: str
    platform: str
    folder: Path
    zip: Path
    sums: Path
    manifest: Path
    h1: str
    glibc_floor: tuple[int, int]
    glibc_floor_file: str


def _run(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)


def build_folder(work: Path) -> Path:
    """PyInstaller, one folder: ``<work>/dist/terraform-provider-sinch_v<version>/``."""
    folder = work / "dist" / executable_name()
    env = {**os.environ, "PYTHONHASHSEED": "0", "SINCH_RELEASE_STRIPPED": str(work / "stripped")}
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (folder / executable_name()).is_file():
        raise SystemExit(f"PyInstaller failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return folder


def _is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"


def glibc_floor(folder: Path) -> tuple[tuple[int, int], str]:
    """The newest ``GLIBC_x.y`` symbol version any ELF file of the folder needs (``objdump -T``), and that file."""
    floor, culprit = (0, 0), ""
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and _is_elf(p)):
        symbols = _run(["objdump", "-T", str(path)]).stdout
        for major, minor in re.findall(r"\bGLIBC_(\d+)\.(\d+)", symbols):
            if (int(major), int(minor)) > floor:
                floor, culprit = (int(major), int(minor)), path.relative_to(folder).as_posix()
    return floor, culprit


def check_folder(folder: Path) -> tuple[tuple[int, int], str]:
    """Regular files only; every needed library in the folder or the system's glibc/GCC runtime; glibc floor."""
    problems = []
    names = set()
    for path in folder.rglob("*"):
        if path.is_symlink():
            problems.append(f"{path.relative_to(folder)} is a symbolic link: Terraform would unzip it as a file")
        names.add(path.name)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and _is_elf(p)):
        dynamic = _run(["objdump", "-p", str(path)]).stdout
        for needed in re.findall(r"^\s*NEEDED\s+(\S+)", dynamic, re.MULTILINE):
            if needed not in names and needed not in SYSTEM_LIBRARIES:
                problems.append(f"{path.relative_to(folder)} needs {needed}, neither bundled nor part of glibc")
    floor, culprit = glibc_floor(folder)
    if floor > GLIBC_FLOOR:
        problems.append(
            f"{culprit} needs GLIBC_{floor[0]}.{floor[1]}, newer than the documented floor "
            f"GLIBC_{GLIBC_FLOOR[0]}.{GLIBC_FLOOR[1]}: build on an older distribution, or update README and GLIBC_FLOOR"
        )
    if problems:
        raise SystemExit("the release folder fails its checks:\n  " + "\n  ".join(problems))
    return floor, culprit


def smoke_test(folder: Path) -> None:
    """The executable runs outside any Python environment and knows its version; run by a person, it explains."""
    executable = folder / executable_name()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", MAGIC_COOKIE_KEY))}
    env["PATH"] = "/usr/bin:/bin"
    version = _run([str(executable), "--version"], env=env, cwd=folder, timeout=60).stdout.strip()
    if version != f"{PROGRAM} {__version__}":
        raise SystemExit(f"the release executable says {version!r}, expected {PROGRAM} {__version__}")
    usage = _run([str(executable), "--help"], env=env, cwd=folder, timeout=60).stdout
    if "release executable" not in usage:
        raise SystemExit(f"the release executable does not know it is frozen:\n{usage}")


def source_date_epoch() -> int:
    """One timestamp for every zip entry: SOURCE_DATE_EPOCH, else the last commit's time, else 1980-01-01."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        return int(_run(["git", "log", "-1", "--format=%ct"], cwd=ROOT).stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 315532800


def write_zip(folder: Path, archive: Path, epoch: int) -> None:
    """Every regular file of the folder, sorted, with its Unix mode (the executable bit matters: Terraform's unzip
    keeps it), one timestamp, no directory entries. Written aside, then moved into place."""
    date_time = time.gmtime(max(epoch, 315532800))[:6]
    partial = archive.with_name(archive.name + ".partial")
    files = sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=date_time)
            info.create_system = 3  # Unix: external_attr holds the mode
            executable = path.stat().st_mode & stat.S_IXUSR
            info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as source, zipped.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    partial.replace(archive)


def write_sums(dist: Path, version: str) -> Path:
    """``<sha256>  <name>`` for every zip of ``version`` in ``dist`` and its manifest, sorted by name."""
    names = sorted(p.name for p in dist.glob(f"{PROGRAM}_{version}_*.zip") if parse_zip_name(p.name))
    names = sorted([*names, manifest_name(version)])
    sums = dist / sums_name(version)
    sums.write_text("".join(f"{sha256_of_file(dist / name)}  {name}\n" for name in names))
    return sums


def build(dist: Path, work: Path) -> Release:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    folder = build_folder(work)
    floor, culprit = check_folder(folder)
    smoke_test(folder)
    dist.mkdir(parents=True, exist_ok=True)
    archive = dist / zip_name(__version__, target_platform())
    write_zip(folder, archive, source_date_epoch())
    manifest = dist / manifest_name(__version__)
    shutil.copyfile(MANIFEST, manifest)
    sums = write_sums(dist, __version__)
    return Release(__version__, target_platform(), folder, archive, sums, manifest, h1_of_zip(archive), floor, culprit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the release files go (./dist)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "release", help="PyInstaller's work folder")
    parser.add_argument(
        "--sums-only",
        action="store_true",
        help="build nothing: rewrite the manifest and SHA256SUMS over the zips of this version in DIST (after "
        "copying in the zips built on other platforms)",
    )
    options = parser.parse_args()
    if options.sums_only:
        dist = options.dist.resolve()
        shutil.copyfile(MANIFEST, dist / manifest_name(__version__))
        sums = write_sums(dist, __version__)
        print(sums.read_text(), end="")
        return
    started = time.monotonic()
    release = build(options.dist.resolve(), options.work.resolve())
    print(f"{PROGRAM} {release.version} for {release.platform}, built in {time.monotonic() - started:.0f} s:")
    for path in (release.zip, release.manifest, release.sums):
        print(f"  {path}  ({path.stat().st_size:,} bytes)")
    print(f"  {release.h1}  (h1, the lock file's hash of this platform's package)")
    print(f"  zh:{sha256_of_file(release.zip)}  (zh, the zip's SHA-256)")
    floor = f"GLIBC_{release.glibc_floor[0]}.{release.glibc_floor[1]}"
    print(f"  glibc floor: {floor} (needed by _internal/.../{Path(release.glibc_floor_file).name})")
    print(f"Mirror: make mirror MIRROR=DIR, or {PROGRAM} mirror --dist {options.dist} --dir DIR")


if __name__ == "__main__":
    main()

"""Rebuild handler.zip from handler.py: `python3 lambda/build.py`. The archive is reproducible (fixed timestamp
and permissions), so an unchanged handler keeps its source_code_hash and Terraform plans no update."""

import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build() -> Path:
    archive = HERE / "handler.zip"
    entry = zipfile.ZipInfo("handler.py", date_time=(1980, 1, 1, 0, 0, 0))
    entry.external_attr = 0o644 << 16
    entry.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(entry, (HERE / "handler.py").read_bytes())
    return archive


if __name__ == "__main__":
    print(build())

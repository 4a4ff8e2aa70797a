"""Regenerate emulator/rcs/data.json from Sinch's OpenAPI description (a development step; the emulator never
reads the description at run time).

    .venv/bin/python scripts/rcs_data.py ../shared/reference/sinch-provisioning-openapi.yaml

- `schemas`: the RCS request DTOs (sender create and update, test numbers) and every schema they reference,
  without descriptions and examples: what `emulator/rcs/validation.py` checks request bodies against;
- `questions`: the question objects of the questionnaire examples (`GET .../rcs/questionnaire/{useCase}`), per
  section: `general`, `verification`, `gb`, `fr`, and `us` per version (`US_PUBLIC`, `US_PRIVATE`,
  `NON_US_PUBLIC`, `NON_US_PRIVATE`, `v1`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOTS = ("RcsSenderInputDto", "RcsUpdateSenderInputDto", "RcsTestNumbersInputDto")
DROP = {"description", "example", "examples", "x-enumDescriptions", "default", "deprecated"}
US_EXAMPLES = {
    "US_PUBLIC": "usPublicQuestionnaireResponse",
    "US_PRIVATE": "usPrivateQuestionnaireResponse",
    "NON_US_PUBLIC": "nonUsPublicQuestionnaireResponse",
    "NON_US_PRIVATE": "nonUsPrivateQuestionnaireResponse",
    "v1": "deprecatedUsQuestionnaire",
}


def strip(value: Any, names: bool = False) -> Any:
    """Without the documentation keys (`names`: the keys are property names, all kept)."""
    if isinstance(value, dict):
        return {k: strip(v, k == "properties" and not names) for k, v in value.items() if names or k not in DROP}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def refs(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"].rsplit("/", 1)[1]} if "$ref" in value else set()
        for v in value.values():
            found |= refs(v)
        return found
    if isinstance(value, list):
        return set().union(*(refs(v) for v in value)) if value else set()
    return set()


def main(path: str) -> None:
    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    todo, picked = list(ROOTS), {}
    while todo:
        name = todo.pop()
        if name in picked:
            continue
        picked[name] = strip(schemas[name])
        todo.extend(refs(schemas[name]) - set(picked))
    op = spec["paths"]["/v1/projects/{projectId}/rcs/questionnaire/{useCase}"]["get"]
    examples = op["responses"]["200"]["content"]["application/json"]["examples"]
    gbfr = examples["gbFrQuestionnaire"]["value"]
    questions = {
        "general": gbfr["general"]["questions"],
        "verification": gbfr["verification"]["questions"],
        "gb": gbfr["gb"]["questions"],
        "fr": gbfr["fr"]["questions"],
        "us": {version: examples[name]["value"]["us"]["questions"] for version, name in US_EXAMPLES.items()},
    }
    out = Path(__file__).resolve().parent.parent / "emulator" / "rcs" / "data.json"
    data = {"schemas": dict(sorted(picked.items())), "questions": questions}
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])

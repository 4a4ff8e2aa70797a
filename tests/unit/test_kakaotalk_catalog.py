"""The KakaoTalk data sources' declarations: the category tree flattened into code paths, the details shown (live,
or submitted while never approved), the arguments' checks."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from resources.kakaotalk_catalog import PlusFriendId, current, flatten

TREE = {
    "parentCode": "",
    "depth": 1,
    "code": "019",
    "name": "Top",
    "subcategories": [
        {
            "parentCode": "019",
            "depth": 2,
            "code": "0006",
            "name": "Mid",
            "subcategories": [
                {"parentCode": "0006", "depth": 3, "code": "0001", "name": "Sub", "subcategories": []},
            ],
        }
    ],
}


def test_the_tree_is_flattened_into_code_paths() -> None:
    rows = list(flatten(TREE, (), ()))
    assert [(r["code"], r["path"], r["depth"]) for r in rows] == [
        ("019", ["Top"], 1),
        ("019/0006", ["Top", "Mid"], 2),
        ("019/0006/0001", ["Top", "Mid", "Sub"], 3),
    ]
    assert (rows[2]["top_level_category_code"], rows[2]["mid_level_category_code"],
            rows[2]["sub_level_category_code"], rows[2]["parent_code"]) == ("019", "0006", "0001", "0006")  # fmt: skip
    assert (rows[0]["mid_level_category_code"], rows[0]["sub_level_category_code"]) == (None, None)


def test_details_are_live_or_else_submitted() -> None:
    live = {"details": {"name": "live"}, "changes": {"status": "DRAFT", "details": {"name": "draft"}}}
    assert current(live)["details"] == {"name": "live"}
    submitted = {"changes": {"status": "IN_PROGRESS", "details": {"name": "new"}}}
    assert current(submitted)["details"] == {"name": "new"}
    assert current({})["details"] == {}


@pytest.mark.parametrize("value", ["@shop", "x" * 30, "_abc"])
def test_plus_friend_ids(value: str) -> None:
    assert TypeAdapter(PlusFriendId).validate_python(value) == value


@pytest.mark.parametrize("value", ["", "x" * 31, "a/b", "..", "."])
def test_bad_plus_friend_ids(value: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(PlusFriendId).validate_python(value)

"""The activity data sources: each kind's activity types are its `*NotificationTypeEnum` of the description, and
a read follows every page (most recent first as Sinch orders them) into typed activities."""

from __future__ import annotations

import pytest

from provider.activities import ActivitiesDataSource
from resources.catalog import DATA_SOURCES
from resources.rcs_catalog import RcsAccountActivities, RcsSenderActivities
from resources.whatsapp_activities import (
    WhatsappAccountActivities,
    WhatsappSenderActivities,
    WhatsappTemplateActivities,
)
from tests.emulator import openapi_conformance

ENUMS = {
    WhatsappAccountActivities: "WhatsappAccountNotificationTypeEnum",
    WhatsappSenderActivities: "WhatsappSenderNotificationTypeEnum",
    WhatsappTemplateActivities: "WhatsappTemplateNotificationTypeEnum",
    RcsSenderActivities: "RcsSenderNotificationTypeEnum",
    RcsAccountActivities: "RcsAccountNotificationTypeEnum",
}


def test_every_activities_data_source_is_listed_with_its_enum() -> None:
    assert {c for c in DATA_SOURCES if issubclass(c, ActivitiesDataSource)} == set(ENUMS)


@pytest.mark.parametrize("cls", list(ENUMS), ids=lambda c: c.name)
def test_activity_types_are_the_descriptions(cls: type[ActivitiesDataSource]) -> None:
    spec = openapi_conformance.load_spec()
    if spec is None:
        openapi_conformance.spec_missing("or PyYAML")
    assert spec is not None
    assert list(cls.activity_types) == spec["components"]["schemas"][ENUMS[cls]]["enum"]


@pytest.mark.parametrize("cls", list(ENUMS), ids=lambda c: c.name)
def test_schema_is_the_arguments_and_a_list_of_activities(cls: type[ActivitiesDataSource]) -> None:
    names = [a.name for a in cls.attributes]
    assert names[-1] == "activities" and names[0] == "project_id"
    activities = cls.attr("activities")
    assert activities.nested is not None
    assert [a.name for a in activities.nested.attributes] == ["type", "created", "author", "comment"]
    assert cls.items_key == "notifications" and cls.page_size == 100
    assert all(f"{{{n}}}" in cls.collection_path for n in names[:-1])

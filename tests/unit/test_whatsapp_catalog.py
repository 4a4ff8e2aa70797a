"""resources/whatsapp_catalog.py: the flows data source (each flow's screens read too) and the solutions one."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import httpx
from tf.gen import tfplugin_pb2 as pb
from tf.iface import ReadDataContext
from tf.utils import Diagnostics, read_dynamic_value, to_dynamic_value

from provider.servicer import SinchServicer
from resources.whatsapp_catalog import WhatsappFlows, WhatsappSolutions
from tests.unit.conftest import FakeSinch, project_provider, reply

FLOWS = "/v1/projects/p1/whatsapp/flows"


def read_data(fake: FakeSinch, type_name: str, config: dict[str, Any]) -> Any:
    servicer = SinchServicer(project_provider(fake))
    return servicer.ReadDataSource(
        pb.ReadDataSource.Request(type_name=type_name, config=to_dynamic_value(config)), None
    )


class Routes:
    """Answers by path (the flows data source reads a list and then one path per flow)."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers

    def __call__(self, request: httpx.Request) -> httpx.Response:
        answer = self.answers[request.url.raw_path.split(b"?")[0].decode()]
        return httpx.Response(200, json=answer)


def test_flows_are_listed_with_their_screens() -> None:
    fake = FakeSinch(
        api=[
            Routes(
                {
                    FLOWS: {
                        "flows": [
                            {"id": "f1", "name": "Signup", "status": "FLOW_STATUS_PUBLISHED"},
                            {"id": "f/2", "name": "Draft", "status": "FLOW_STATUS_DRAFT"},
                        ]
                    },
                    f"{FLOWS}/f1/screens": {"screens": [{"id": "WELCOME", "title": "Hi"}, {"id": "DONE"}]},
                    f"{FLOWS}/f%2F2/screens": {"screens": []},
                }
            )
        ]
    )
    response = read_data(fake, "sinch_whatsapp_flows", {"project_id": None, "flows": None})
    assert list(response.diagnostics) == []
    assert [(r.method, r.url.raw_path.split(b"?")[0].decode()) for r in fake.api_requests] == [
        ("GET", FLOWS),
        ("GET", f"{FLOWS}/f1/screens"),
        ("GET", f"{FLOWS}/f%2F2/screens"),  # the flow ID is one path segment
    ]
    assert parse_qs(fake.api_requests[0].url.query.decode()) == {"pageSize": ["100"]}
    assert read_dynamic_value(response.state) == {
        "project_id": "p1",
        "flows": [
            {"id": "f1", "name": "Signup", "status": "FLOW_STATUS_PUBLISHED", "screens": ["WELCOME", "DONE"]},
            {"id": "f/2", "name": "Draft", "status": "FLOW_STATUS_DRAFT", "screens": []},
        ],
    }


def test_enrich_adds_screen_ids_and_tolerates_an_empty_answer() -> None:
    fake = FakeSinch(api=[reply(200, {"screens": [{"id": "A"}, {"id": "B"}]}), reply(204)])
    provider = project_provider(fake)
    flows = WhatsappFlows(provider)
    item = {"id": "f9", "name": "n"}
    assert flows.enrich(provider.client, item, {"project_id": "p2"}) == {
        "id": "f9",
        "name": "n",
        "screenIds": ["A", "B"],
    }
    assert item == {"id": "f9", "name": "n"}  # the listed item is not modified
    assert fake.api_requests[0].url.path == "/v1/projects/p2/whatsapp/flows/f9/screens"
    assert flows.enrich(provider.client, {"id": "f10"}, {"project_id": "p2"})["screenIds"] == []


def test_flows_read_directly_follows_pages() -> None:
    fake = FakeSinch(
        api=[
            reply(
                200, {"flows": [{"id": "f1", "name": "One", "status": "FLOW_STATUS_PUBLISHED"}], "nextPageToken": "t"}
            ),
            reply(200, {"flows": [{"id": "f2", "name": "Two", "status": "FLOW_STATUS_DEPRECATED"}]}),
            reply(200, {"screens": [{"id": "S1"}]}),
            reply(200, {"screens": [{"id": "S2"}]}),
        ]
    )  # every page is listed first, then each flow's screens are read
    ctx = ReadDataContext(Diagnostics(), "sinch_whatsapp_flows")
    state = WhatsappFlows(project_provider(fake)).read(ctx, {"project_id": None, "flows": None})
    assert ctx.diagnostics.diagnostics == []
    assert state is not None
    assert [(f["id"], f["screens"]) for f in state["flows"]] == [("f1", ["S1"]), ("f2", ["S2"])]
    assert [r.url.path for r in fake.api_requests] == [FLOWS, FLOWS, f"{FLOWS}/f1/screens", f"{FLOWS}/f2/screens"]
    assert parse_qs(fake.api_requests[1].url.query.decode()) == {"pageSize": ["100"], "pageToken": ["t"]}


def test_a_failing_screens_read_fails_the_data_source() -> None:
    fake = FakeSinch(
        api=[
            reply(200, {"flows": [{"id": "f1", "name": "One", "status": "FLOW_STATUS_PUBLISHED"}]}),
            reply(404, {"errorCode": "NOT_FOUND", "message": "flow not found"}),
        ]
    )
    response = read_data(fake, "sinch_whatsapp_flows", {"project_id": None, "flows": None})
    assert [(d.severity, d.summary) for d in response.diagnostics] == [
        (pb.Diagnostic.ERROR, "Sinch API error: flow not found")
    ]


def test_solutions_map_nested_names_and_numeric_app_ids() -> None:
    fake = FakeSinch(
        api=[
            reply(
                200,
                {
                    "solutions": [
                        {
                            "id": "sol-1",
                            "details": {"name": "Acme Solution"},
                            "assigned": True,
                            "partnerApp": {"id": 1234567890123456, "name": "Acme App"},
                            "ownerApp": {"id": "987654321", "name": "Sinch"},
                        },
                        {"id": "sol-2", "assigned": False},
                    ]
                },
            )
        ]
    )
    response = read_data(fake, "sinch_whatsapp_solutions", {"project_id": None, "solutions": None})
    assert list(response.diagnostics) == []
    (request,) = fake.api_requests
    assert request.url.path == "/v1/projects/p1/whatsapp/solutions"
    assert request.url.query == b""  # no page size for solutions
    state = read_dynamic_value(response.state)
    assert state["project_id"] == "p1"
    assert state["solutions"] == [
        {
            "id": "sol-1",
            "name": "Acme Solution",
            "assigned": True,
            "partner_app_id": "1234567890123456",  # numbers travel as decimal text (see provider.schema.Number)
            "partner_app_name": "Acme App",
            "owner_app_id": "987654321",
            "owner_app_name": "Sinch",
        },
        {
            "id": "sol-2",
            "name": None,
            "assigned": False,
            "partner_app_id": None,
            "partner_app_name": None,
            "owner_app_id": None,
            "owner_app_name": None,
        },
    ]


def test_solutions_map_item_directly() -> None:
    solutions = WhatsappSolutions(project_provider())
    item = solutions.map_item({"id": "s", "details": {"name": "N"}, "partnerApp": {"id": 42}}, {"project_id": "p1"})
    assert item["name"] == "N"
    assert item["partner_app_id"] == 42
    assert isinstance(item["partner_app_id"], int)

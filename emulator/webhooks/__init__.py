"""The `Webhooks` tag: `validation` (bodies and limits), `routes` (the API), `delivery` (the callbacks: `deliver`,
which every resource group calls when one of its events happens), `admin` (the delivery log)."""

from emulator.common import ResourceGroup
from emulator.webhooks import admin, routes
from emulator.webhooks.delivery import deliver
from emulator.webhooks.validation import COLLECTION

__all__ = ["GROUP", "deliver"]

GROUP = ResourceGroup(name="webhooks", routes=routes.routes, collections=(COLLECTION,), admin_routes=admin.admin_routes)

"""The `Webhooks` tag: `validation` (bodies and limits), `routes` (the API). No life cycle, no admin controls."""

from emulator.common import ResourceGroup
from emulator.webhooks import routes
from emulator.webhooks.validation import COLLECTION

GROUP = ResourceGroup(name="webhooks", routes=routes.routes, collections=(COLLECTION,))

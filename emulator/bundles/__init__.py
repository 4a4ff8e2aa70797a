"""The `Bundles` tag: work orders that create a subproject, an SMS app, a Conversation API app and provisioning
webhooks in one request. No update, no delete.

`validation` (the create body, class-validator style, and the rules across fields), `lifecycle` (the record, its
completion on the emulator clock, failures), `routes` (the API), `admin` (failing a bundle, rules).
"""

from emulator.bundles import admin, routes
from emulator.bundles.lifecycle import COLLECTION
from emulator.common import ResourceGroup

GROUP = ResourceGroup(name="bundles", routes=routes.routes, collections=(COLLECTION,), admin_routes=admin.admin_routes)

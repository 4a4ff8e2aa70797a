"""The `WhatsApp Senders` tag.

`validation` (create and PATCH bodies), `lifecycle` (the record, activation, profile review, rules, removal),
`routes` (the API), `admin` (seeding, states, review decisions, OTPs, rules).
"""

from emulator.common import ResourceGroup
from emulator.whatsapp.common import SENDERS
from emulator.whatsapp.senders import admin, routes

GROUP = ResourceGroup(
    name="whatsapp_senders", routes=routes.routes, collections=(SENDERS,), admin_routes=admin.admin_routes
)

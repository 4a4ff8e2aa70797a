"""The `WhatsApp Accounts` tag: the project's one WhatsApp account.

`validation` (request bodies), `lifecycle` (the record, its review, the Embedded Signup account), `routes` (the
API), `admin` (seeding, ending a review).
"""

from emulator.common import ResourceGroup
from emulator.whatsapp.accounts import admin, routes
from emulator.whatsapp.common import ACCOUNTS

GROUP = ResourceGroup(
    name="whatsapp_accounts", routes=routes.routes, collections=(ACCOUNTS,), admin_routes=admin.admin_routes
)

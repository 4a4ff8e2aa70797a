"""The `WhatsApp Templates` tag: project-level message templates, keyed by (name, language).

`validation` (create, PATCH and compare bodies, class-validator style), `checks` (content checks with their own
codes), `dto` (the answer, field masks, analytics), `lifecycle` (the record, submissions, the review, rules,
deletion blocks), `routes` (the API), `admin` (seeding, review decisions, Meta's state changes, rules).
"""

from emulator.common import ResourceGroup
from emulator.whatsapp.common import TEMPLATE_DELETIONS, TEMPLATES
from emulator.whatsapp.templates import admin, routes

GROUP = ResourceGroup(
    name="whatsapp_templates",
    routes=routes.routes,
    collections=(TEMPLATES, TEMPLATE_DELETIONS),
    admin_routes=admin.admin_routes,
)

"""The RCS tags: `RCS Accounts`, `RCS Questionnaire`, `RCS Senders`.

`validation` (request bodies against the description's DTO schemas in `data.json`), `common` (collections, enums,
operators, errors, questions), `accounts`, `questionnaire`, `senders` (life cycle and routes of each tag), `admin`
(states, operators, tester answers, Sinch comments).
"""

from starlette.routing import BaseRoute

from emulator.common import ResourceGroup
from emulator.rcs import accounts, admin, questionnaire, senders
from emulator.rcs.common import ACCOUNTS, SENDERS


def _routes() -> list[BaseRoute]:
    return [*accounts.routes(), *questionnaire.routes(), *senders.routes()]


GROUP = ResourceGroup(name="rcs", routes=_routes, collections=(ACCOUNTS, SENDERS), admin_routes=admin.admin_routes)

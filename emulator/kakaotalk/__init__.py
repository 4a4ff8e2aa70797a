"""The KakaoTalk tags: `KakaoTalk Categories`, `KakaoTalk Senders`, `KakaoTalk Templates`.

`common` (collections, enums, the project's KakaoTalk initialisation, category data), `categories`, `senders`,
`templates` (validation, life cycle and routes of each tag), `admin` (initialising a project, the verification
code, reviews, states, Sinch comments).
"""

from starlette.routing import BaseRoute

from emulator.common import ResourceGroup
from emulator.kakaotalk import admin, categories, senders, templates
from emulator.kakaotalk.common import ACCOUNTS, SENDERS, TEMPLATES


def _routes() -> list[BaseRoute]:
    return [*categories.routes(), *senders.routes(), *templates.routes()]


GROUP = ResourceGroup(
    name="kakaotalk", routes=_routes, collections=(ACCOUNTS, SENDERS, TEMPLATES), admin_routes=admin.admin_routes
)

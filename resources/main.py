"""The console script ``terraform-provider-sinch``: the provider bridge with this project's resources.

The only place that knows the list of resources: provider/ is the generic bridge and imports nothing from
resources/. The catalog is imported when Terraform first needs it, so ``install`` and ``--version`` stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from provider.provider import SinchProvider


def build_provider() -> SinchProvider:
    from provider.provider import SinchProvider
    from resources.catalog import DATA_SOURCES, RESOURCES

    return SinchProvider(RESOURCES, DATA_SOURCES)


def main(argv: list[str] | None = None) -> None:
    from provider.main import main as run

    run(argv, make_provider=build_provider)


if __name__ == "__main__":
    main()

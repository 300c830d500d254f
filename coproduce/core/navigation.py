"""The community navigation: each module adds its own entries, so no module edits a shared template.

A module registers in its AppConfig.ready():

    register_nav(lambda community, membership: [NavItem(_("Time bank"), reverse(...), "timebank")])
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    key: str
    order: int = 50


_providers: list[Callable] = []


def register_nav(provider: Callable) -> None:
    _providers.append(provider)


def community_nav_items(community, membership, current_path: str = "") -> list[dict]:
    items: list[NavItem] = []
    for provider in _providers:
        items.extend(provider(community, membership))
    items.sort(key=lambda i: (i.order, str(i.label)))
    return [
        {"label": i.label, "url": i.url, "key": i.key, "current": bool(current_path) and current_path.startswith(i.url)}
        for i in items
    ]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "coproduce.ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        from coproduce.core.navigation import register_nav

        register_nav(_nav_items)


def _nav_items(community, membership) -> list:
    from django.urls import reverse

    from coproduce.core.navigation import NavItem

    items = [NavItem(_("My hours"), reverse("ledger:home", args=[community.slug]), "ledger", 20)]
    if membership.is_coordinator:
        items.append(NavItem(_("Ledger"), reverse("ledger:coordinate", args=[community.slug]), "ledger-coordinate", 21))
    return items

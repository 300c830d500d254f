from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _nav(community, membership):
    from django.urls import reverse

    from coproduce.core.navigation import NavItem

    items = [
        NavItem(_("Time bank"), reverse("timebank:listings", args=[community.slug]), "timebank", order=20),
        NavItem(
            _("My exchanges"), reverse("timebank:my_exchanges", args=[community.slug]), "timebank-exchanges", order=21
        ),
    ]
    if membership.is_coordinator:
        items.append(
            NavItem(
                _("Coordinate the time bank"),
                reverse("timebank:dashboard", args=[community.slug]),
                "timebank-coordinate",
                order=22,
            )
        )
    return items


class TimebankConfig(AppConfig):
    name = "coproduce.timebank"
    verbose_name = _("Time bank")

    def ready(self) -> None:
        from coproduce.core.navigation import register_nav

        register_nav(_nav)

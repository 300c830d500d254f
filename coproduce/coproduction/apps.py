from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _nav(community, membership) -> list:
    from django.urls import reverse

    from coproduce.core.navigation import NavItem

    return [
        NavItem(_("Services"), reverse("coproduction:services", args=[community.slug]), "services", 20),
        NavItem(_("Activities"), reverse("coproduction:activities", args=[community.slug]), "activities", 22),
    ]


class CoproductionConfig(AppConfig):
    name = "coproduce.coproduction"
    verbose_name = _("Co-production")

    def ready(self) -> None:
        from coproduce.core.navigation import register_nav

        register_nav(_nav)

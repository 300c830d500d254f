from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "coproduce.assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from django.urls import reverse

        from coproduce.core.navigation import NavItem, register_nav

        def nav(community, membership):
            return [
                NavItem(_("Assessment"), reverse("assessment:rounds", args=[community.slug]), "assessment", order=70)
            ]

        register_nav(nav)

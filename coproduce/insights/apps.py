from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _nav(community, membership) -> list:
    from django.urls import reverse

    from coproduce.core.navigation import NavItem

    return [NavItem(_("Insights"), reverse("insights:overview", args=[community.slug]), "insights", 80)]


class InsightsConfig(AppConfig):
    name = "coproduce.insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from coproduce.coproduction.signals import activity_recorded, activity_written
        from coproduce.core.navigation import register_nav
        from coproduce.insights import signals
        from coproduce.insights.tasks import on_activity_recorded

        register_nav(_nav)
        activity_written.connect(signals.on_activity_written, dispatch_uid="insights.rollup_pending")
        activity_recorded.connect(on_activity_recorded, dispatch_uid="insights.refresh_on_activity")
        signals.connect_invalidation()

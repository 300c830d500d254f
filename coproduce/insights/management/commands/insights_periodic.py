from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef

from coproduce.communities.models import Community
from coproduce.insights.models import PendingRollup, RollupState


class Command(BaseCommand):
    help = "Queue a rollup catch-up and refresh for every community with activity the rollups have not taken in yet."

    def handle(self, *args, **options):
        from coproduce.insights.tasks import refresh_insights

        behind = Community.objects.filter(
            Exists(PendingRollup.objects.filter(community=OuterRef("pk")))
            | Exists(RollupState.objects.filter(community=OuterRef("pk"), needs_rebuild=True))
        )
        queued = 0
        for community_id in behind.values_list("pk", flat=True):
            refresh_insights.enqueue(community_id)
            queued += 1
        self.stdout.write(f"insights: {queued} communities queued for a rollup catch-up")

import time

from django.core.management.base import BaseCommand, CommandError

from coproduce.communities.models import Community
from coproduce.insights.rollups import rollups_catch_up, rollups_rebuild


class Command(BaseCommand):
    help = "Bring the insights rollups up to date now (--rebuild: rebuild them from the activity record)."

    def add_arguments(self, parser):
        parser.add_argument("--community", help="Only this community (its slug); every community by default.")
        parser.add_argument("--rebuild", action="store_true", help="Rebuild from scratch instead of catching up.")

    def handle(self, *args, community: str | None, rebuild: bool, **options):
        communities = Community.objects.order_by("pk")
        if community:
            communities = communities.filter(slug=community)
            if not communities.exists():
                raise CommandError(f"No community with the slug {community!r}.")
        for item in communities:
            started = time.perf_counter()
            read = rollups_rebuild(community=item) if rebuild else rollups_catch_up(community=item)
            self.stdout.write(f"{item.slug}: {read:,} activities read in {time.perf_counter() - started:.1f} s")

from django.core.management.base import BaseCommand

from coproduce.communities.models import Community
from coproduce.demo.loader import load_demo


class Command(BaseCommand):
    help = "Create deterministic demo communities, people and a year of activity."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when communities already exist.")
        parser.add_argument("--members", type=int, default=300, help="How many members across the communities.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, if_empty: bool, members: int, seed: int, **options):
        if if_empty and Community.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        summary = load_demo(members=members, seed=seed, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(summary))

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coproduce.communities.models import Community
from coproduce.demo.loader import MIN_MEMBERS, DemoDataExists, load_demo


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today takes a date like 2026-01-31, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Create deterministic demo communities, people and a year of activity. The same seed on the same day "
        "gives the same data; --today pins the day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when communities already exist.")
        parser.add_argument(
            "--members",
            type=int,
            default=300,
            help="How many members across the three communities (100000 for benchmarks).",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="Pretend today is this date (YYYY-MM-DD); the year of activity ends the day before.",
        )
        parser.add_argument(
            "--no-modules",
            action="store_true",
            help="Only the core data: skip the modules' own demo.py (for measuring).",
        )

    def handle(
        self, *args, if_empty: bool, members: int, seed: int, today: dt.date | None, no_modules: bool, **options
    ):
        if if_empty and Community.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        if members < MIN_MEMBERS:
            raise CommandError(f"--members must be at least {MIN_MEMBERS}.")
        now = None
        if today is not None:
            now = dt.datetime.combine(today, dt.time(12), tzinfo=timezone.get_default_timezone())
            if now > timezone.now() + dt.timedelta(days=1):
                raise CommandError("--today cannot be in the future: activities are never recorded ahead of time.")
        try:
            summary = load_demo(
                members=members,
                seed=seed,
                now=now,
                stdout=self.stdout,
                show_progress=options["verbosity"] >= 1,
                with_modules=not no_modules,
            )
        except DemoDataExists as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(summary))

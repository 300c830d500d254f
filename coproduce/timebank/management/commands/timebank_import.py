import contextlib
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coproduce.communities.models import Membership
from coproduce.communities.selectors import community_get, coordinators_of
from coproduce.core.errors import NotFound
from coproduce.timebank.services import timebank_import
from coproduce.timebank.services.imports import iter_rejections


class Command(BaseCommand):
    help = (
        "Import an existing time bank from CSV files (members, listings, transfers). Safe to run again: rows "
        "already imported are left alone. Columns: coproduce/timebank/sample_import/README.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="The community's short name (slug).")
        parser.add_argument("--members", type=Path, help="CSV file of members.")
        parser.add_argument("--listings", type=Path, help="CSV file of offers and requests.")
        parser.add_argument("--transfers", type=Path, help="CSV file of past exchanges.")
        parser.add_argument("--actor", help="Email of the coordinator recorded as importing (default: the first one).")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw progress bars.")

    def _actor(self, community, email: str | None) -> Membership:
        coordinators = coordinators_of(community=community).order_by("member_number")
        if email:
            coordinators = coordinators.filter(user__email__iexact=email)
        actor = coordinators.first()
        if actor is None:
            raise CommandError(
                "No active coordinator to record the import under; pass --actor with a coordinator's email."
            )
        return actor

    def handle(self, *args, community: str, members, listings, transfers, actor, no_progress: bool, **options):
        try:
            target = community_get(slug=community)
        except NotFound:
            raise CommandError(f"No community with the short name {community!r}.") from None
        if not (members or listings or transfers):
            raise CommandError("Give at least one of --members, --listings, --transfers.")
        for path in (members, listings, transfers):
            if path is not None and not path.is_file():
                raise CommandError(f"No such file: {path}")

        def progress(rows, total, desc):
            if no_progress:
                return rows
            from tqdm import tqdm

            return tqdm(rows, total=total, desc=desc, unit="rows", file=sys.stderr)

        with contextlib.ExitStack() as stack:
            files = {
                name: stack.enter_context(path.open(encoding="utf-8-sig", newline="")) if path else None
                for name, path in (("members", members), ("listings", listings), ("transfers", transfers))
            }
            report = timebank_import(actor=self._actor(target, actor), community=target, progress=progress, **files)
        for name in ("members", "listings", "transfers"):
            self.stdout.write(f"{name}: {report.created[name]} created, {report.unchanged[name]} already imported")
        if report.rejected:
            self.stdout.write(self.style.WARNING(f"{len(report.rejected)} rows rejected:"))
            for line in iter_rejections(report):
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write(self.style.SUCCESS("No rows rejected."))

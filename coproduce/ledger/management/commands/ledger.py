"""`coproduce ledger verify`: recompute the books from the entries and exit non-zero if anything is off."""

from django.core.management.base import BaseCommand, CommandError

from coproduce.communities.models import Community
from coproduce.ledger.verify import ledger_verify


class Command(BaseCommand):
    help = "Ledger maintenance. `verify` checks every balance, running balance and transfer against the entries."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        verify = subcommands.add_parser("verify", help="Recompute balances from entries and report any difference.")
        verify.add_argument("--community", help="Short name of one community (default: all).")

    def handle(self, *args, **options):
        if options["subcommand"] == "verify":
            return self.verify(options.get("community"))
        raise CommandError(f"Unknown subcommand {options['subcommand']!r}")

    def verify(self, slug: str | None) -> None:
        community = None
        if slug:
            community = Community.objects.filter(slug=slug).first()
            if community is None:
                raise CommandError(f"No community with the short name {slug!r}.")
        report = ledger_verify(community=community)
        self.stdout.write(
            f"Checked {report.communities} communities, {report.accounts} accounts, "
            f"{report.transfers} transfers, {report.entries} entries."
        )
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS("Ledger OK: every balance matches its entries and every community sums to zero.")
            )
            return
        for problem in report.problems:
            self.stdout.write(self.style.ERROR(f"- {problem}"))
        raise CommandError(f"Ledger verification found {len(report.problems)} problem(s).")

from django.core.management.base import BaseCommand

from coproduce.panels.tasks import run_daily_round


class Command(BaseCommand):
    help = "Queue the youth courts' daily round: sentence reminders and overdue escalations."

    def handle(self, *args, **options):
        result = run_daily_round.enqueue()
        self.stdout.write(f"Queued the daily round ({result.id}).")

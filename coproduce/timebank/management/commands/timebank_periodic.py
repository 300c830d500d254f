from django.core.management.base import BaseCommand

from coproduce.timebank.tasks import digests_send_weekly, exchanges_autoconfirm_due, exchanges_send_reminders


class Command(BaseCommand):
    help = (
        "Enqueue the time bank's periodic work for the background worker: auto-confirm recorded exchanges whose "
        "waiting period is over, send reminders, send weekly digests. Run it hourly (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run the work in this process instead of enqueuing it.")

    def handle(self, *args, now: bool, **options):
        for work in (exchanges_autoconfirm_due, exchanges_send_reminders, digests_send_weekly):
            if now:
                self.stdout.write(f"{work.name}: {work.call()}")
            else:
                result = work.enqueue()
                self.stdout.write(f"{work.name}: enqueued ({result.id})")

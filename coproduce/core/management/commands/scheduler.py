"""Runs each module's recurring commands at their cadence, for installs without cron.

Modules take part by naming a management command `<app>_periodic` (hourly) or `<app>_daily` (daily); those
commands only enqueue work for the background worker, so this loop stays light.
"""

import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

CADENCES = {"_periodic": 60 * 60, "_daily": 24 * 60 * 60}


def recurring_commands() -> dict[str, int]:
    """Every installed command that asks to be run regularly, with its interval in seconds."""
    found = {}
    for name in sorted(get_commands()):
        for suffix, seconds in CADENCES.items():
            if name.endswith(suffix):
                found[name] = seconds
    return found


class Command(BaseCommand):
    help = "Run the modules' recurring commands (*_periodic hourly, *_daily daily). --once runs each one and exits."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every recurring command once and exit.")

    def handle(self, *args, once: bool, **options):
        commands = recurring_commands()
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for name, interval in commands.items():
                if name not in last_run or now - last_run[name] >= interval:
                    last_run[name] = now
                    try:
                        call_command(name, stdout=self.stdout)
                    except Exception as error:  # one module's failure must not stop the others' schedule
                        self.stderr.write(f"{name} failed: {error}")
            if once:
                return
            time.sleep(60)

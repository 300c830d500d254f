"""The `coproduce` command: Django's management commands under the product's name.

`coproduce demo`, `coproduce ledger verify`, `coproduce migrate`, `coproduce db_worker`...
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["coproduce", *sys.argv[1:]])

"""The `passend` console command: Django's manage.py under our name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passend.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # Allow `passend import-register` as well as `passend import_register`.
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "passend"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

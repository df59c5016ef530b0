#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not os.environ.get("DATABASE_URL"):
        # Local development: the command runs again as a child of a supervisor
        # that starts the project's own PostgreSQL for it (config/private_server.py).
        from config.private_server import run_with_private_server

        sys.exit(run_with_private_server([sys.executable, *sys.argv]))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

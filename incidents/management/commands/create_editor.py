import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

GROUPS = ("editor", "reviewer", "viewer")


def manage_py() -> str:
    """How to run this project's manage.py again, as a command that works when
    pasted in the project's folder (``.venv/bin/python manage.py``)."""
    python = Path(sys.executable)
    if python.is_relative_to(settings.BASE_DIR):
        python = python.relative_to(settings.BASE_DIR)
    return f"{python} manage.py"


class Command(BaseCommand):
    help = (
        "Create an account (staff, in the editor group unless --group says otherwise; "
        "repeat --group for several) with a random password, printed once. With --reset, "
        "give an existing account a new random password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true")
        parser.add_argument(
            "--group",
            choices=GROUPS,
            action="append",
            help="editor (the default), reviewer or viewer; e.g. --group editor "
            "--group reviewer for someone who may also import as published.",
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing when the account exists."
        )

    def handle(self, *args, username, reset, if_missing, group, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and if_missing:
            self.stdout.write(
                f"Account {username!r} exists; its password was printed when it was created "
                f"(new one: {manage_py()} create_editor {username} --reset)."
            )
            return
        if user is not None and not reset:
            self.stderr.write(f"Account {username!r} exists; use --reset for a new password.")
            return
        password = secrets.token_urlsafe(12)
        created = user is None
        if created:
            user = User(username=username, is_staff=True)
        user.set_password(password)
        user.is_active = True
        user.save()
        if created or group:
            # A reset keeps the account's groups unless new ones are named.
            user.groups.add(*Group.objects.filter(name__in=group or ["editor"]))
        self.stdout.write(f"Log in as {username!r} with password: {password}")

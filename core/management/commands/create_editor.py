import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from core.commands import manage_py

GROUPS = ("editor", "reviewer", "viewer")


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

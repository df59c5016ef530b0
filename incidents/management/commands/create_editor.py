import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create an account (staff, in the editor group unless --group says reviewer or "
        "viewer) with a random password, printed once. With --reset, give an existing "
        "account a new random password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true")
        parser.add_argument("--group", choices=["editor", "reviewer", "viewer"], default="editor")
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing when the account exists."
        )

    def handle(self, *args, username, reset, if_missing, group, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and if_missing:
            self.stdout.write(
                f"Account {username!r} exists; its password was printed when it was created "
                f"(new one: python manage.py create_editor {username} --reset)."
            )
            return
        if user is not None and not reset:
            self.stderr.write(f"Account {username!r} exists; use --reset for a new password.")
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(username=username, is_staff=True)
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        self.stdout.write(f"Log in as {username!r} with password: {password}")

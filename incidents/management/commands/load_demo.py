from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.history import command_context
from incidents.demo import load_fixture

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed-deir-ez-zor.json"


class Command(BaseCommand):
    help = "Load a fixture document (by default the seed report) through the services."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FIXTURE))

    def handle(self, *args, path, **options):
        try:
            with command_context("load_demo", reason=f"fixture {Path(path).name}"):
                created = load_fixture(Path(path))
        except ValidationError as error:
            raise CommandError(f"{path}: refused: {error.message_dict}") from error
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{path}: {error}") from error
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(f"Loaded {path}: created {summary}.")

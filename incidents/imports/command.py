"""What ``import_ucdp`` and ``import_acled`` share: a file, a dry run, a user,
one line per row on standard output, and a summary."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from incidents.imports.engine import ImportFailed, import_file, open_dataset
from incidents.models import Incident


class ImportCommand(BaseCommand):
    layout = None  # a module of incidents.imports.layouts

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (or .csv.gz).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report what would happen; write nothing.",
        )
        parser.add_argument(
            "--user",
            help="Username recorded as the author of the import (in its history).",
        )
        parser.add_argument(
            "--status",
            choices=[Incident.Status.PUBLISHED, Incident.Status.DRAFT],
            default=Incident.Status.PUBLISHED,
            help="Status of new incidents: published (the dataset is already "
            "reviewed data) or draft, for review here first.",
        )
        parser.add_argument(
            "--quiet-rows",
            action="store_true",
            help="Print only refused and updated rows, not one line per row.",
        )

    def handle(self, *args, path, dry_run, user, status, quiet_rows, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"--user: no user named “{user}”.")

        def report(outcome):
            if quiet_rows and outcome.action in ("created", "unchanged"):
                return
            detail = f": {outcome.detail}" if outcome.detail else ""
            self.stdout.write(
                f"line {outcome.line}\t{outcome.external_id}\t{outcome.action}{detail}"
            )

        try:
            with open_dataset(path) as stream:
                summary = import_file(
                    stream,
                    layout=self.layout.NAME,
                    file_name=Path(path).name,
                    user=account,
                    dry_run=dry_run,
                    status=status,
                    on_outcome=report,
                    keep_outcomes=False,
                )
        except (OSError, EOFError) as error:
            raise CommandError(f"{path}: {error.strerror or error}.") from error
        except ImportFailed as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(summary.describe())
        if summary.counts["refused"]:
            raise CommandError(
                f"{summary.counts['refused']} rows refused; nothing was written. "
                "Fix them (see the lines above) and import again."
            )

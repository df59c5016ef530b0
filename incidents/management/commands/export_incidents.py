import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.exports import layout_csv
from incidents.imports.layouts import BY_SHORT_NAME
from incidents.models import Incident


class Command(BaseCommand):
    help = "Write incidents as CSV in the columns of UCDP GED or ACLED."

    def add_arguments(self, parser):
        parser.add_argument("--layout", choices=list(BY_SHORT_NAME), required=True)
        parser.add_argument("--output", help="File to write (default: standard output).")
        parser.add_argument(
            "--all-statuses",
            action="store_true",
            help="Include drafts, incidents in review and retracted ones (default: published).",
        )

    def handle(self, *args, layout, output, all_statuses, **options):
        incidents = Incident.objects.all() if all_statuses else Incident.objects.published()
        lines = layout_csv(incidents, BY_SHORT_NAME[layout])
        try:
            stream = Path(output).open("w", encoding="utf-8", newline="") if output else None
        except OSError as error:
            raise CommandError(f"--output {output}: {error.strerror}.") from error
        target = stream or sys.stdout
        try:
            for chunk in lines:
                target.write(chunk)
        finally:
            if stream:
                stream.close()

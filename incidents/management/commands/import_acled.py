from incidents.imports.command import ImportCommand
from incidents.imports.layouts import acled


class Command(ImportCommand):
    help = "Import an ACLED CSV export (all of it or nothing); --dry-run only reports."
    layout = acled

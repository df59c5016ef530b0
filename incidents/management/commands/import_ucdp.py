from incidents.imports.command import ImportCommand
from incidents.imports.layouts import ucdp


class Command(ImportCommand):
    help = "Import a UCDP GED CSV file (all of it or nothing); --dry-run only reports."
    layout = ucdp

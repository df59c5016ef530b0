from incidents.imports_command import ImportCommand
from incidents.layouts import ucdp


class Command(ImportCommand):
    help = "Import a UCDP GED CSV file (all of it or nothing); --dry-run only reports."
    layout = ucdp

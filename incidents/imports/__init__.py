"""Importing dataset files (UCDP GED, ACLED): the engine, the layouts, and
what the commands share."""

from incidents.imports.engine import (
    ImportFailed,
    ImportSummary,
    file_sha256,
    import_file,
    open_dataset,
)
from incidents.imports.layouts import LAYOUTS
from incidents.imports.outcomes import Outcome

__all__ = [
    "LAYOUTS",
    "ImportFailed",
    "ImportSummary",
    "Outcome",
    "file_sha256",
    "import_file",
    "open_dataset",
]

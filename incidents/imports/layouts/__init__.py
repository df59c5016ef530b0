"""The layouts of the datasets our users already hold, one registry for the
imports and the exports: each layout has the dataset's name (``ucdp_ged``, as
stored on imported incidents) and the short name the API and commands take
(``ucdp``)."""

from incidents.imports.layouts import acled, ucdp
from incidents.imports.layouts.base import (
    ActorKey,
    Cells,
    CitationSpec,
    Event,
    Figure,
    Line,
    PlaceKey,
    ReportKey,
    RowRefused,
    SourceKey,
)

LAYOUTS = {layout.NAME: layout for layout in (ucdp, acled)}
BY_SHORT_NAME = {layout.SHORT_NAME: layout for layout in LAYOUTS.values()}

__all__ = [
    "BY_SHORT_NAME",
    "LAYOUTS",
    "ActorKey",
    "Cells",
    "CitationSpec",
    "Event",
    "Figure",
    "Line",
    "PlaceKey",
    "ReportKey",
    "RowRefused",
    "SourceKey",
]

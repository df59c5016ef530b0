"""Every write to incidents and what they refer to goes through these services:
the admin, the API, the imports and the commands share them, so one set of
rules decides what may be stored."""

from incidents.services.incidents import (
    ACTOR_LINK_FIELDS,
    CITATION_FIELDS,
    FIGURE_FIELDS,
    GROUP_FIELDS,
    IMPORT_FIELDS,
    INCIDENT_FIELDS,
    REASON_REQUIRED,
    RELATION_FIELDS,
    StaleVersion,
    incident_save,
)
from incidents.services.references import ACTOR_FIELDS, PLACE_FIELDS, actor_save, place_save
from incidents.services.workflow import (
    check_transition,
    incident_delete,
    incident_transition,
)

__all__ = [
    "ACTOR_FIELDS",
    "ACTOR_LINK_FIELDS",
    "CITATION_FIELDS",
    "FIGURE_FIELDS",
    "GROUP_FIELDS",
    "IMPORT_FIELDS",
    "INCIDENT_FIELDS",
    "PLACE_FIELDS",
    "REASON_REQUIRED",
    "RELATION_FIELDS",
    "StaleVersion",
    "actor_save",
    "check_transition",
    "incident_delete",
    "incident_save",
    "incident_transition",
    "place_save",
]

"""The incidents app's models, one concept per module (moving a model between
them changes no table)."""

from incidents.models.breakdown import CasualtyGroup, valid_country_codes
from incidents.models.choices import (
    ActorKind,
    CasualtyFigureOutcome,
    CasualtyGroupAgeGroup,
    CasualtyGroupCombatantStatus,
    CasualtyGroupNationalityBasis,
    CasualtyGroupSex,
    IncidentActorRole,
    IncidentDatePrecision,
    IncidentExternalSource,
    IncidentGeoPrecision,
    IncidentStatus,
    IncidentType,
    IncidentViolenceType,
    RelationKind,
)
from incidents.models.figures import BreakdownTotals, CasualtyFigure, format_count
from incidents.models.imports import ImportRun
from incidents.models.incidents import (
    Citation,
    Incident,
    IncidentActor,
    IncidentQuerySet,
    IncidentRelation,
    visible_to,
)
from incidents.models.references import Actor, Place, actor_and_descendants
from incidents.models.rows import CasualtyRow

__all__ = [
    "Actor",
    "ActorKind",
    "BreakdownTotals",
    "CasualtyFigure",
    "CasualtyFigureOutcome",
    "CasualtyGroup",
    "CasualtyGroupAgeGroup",
    "CasualtyGroupCombatantStatus",
    "CasualtyGroupNationalityBasis",
    "CasualtyGroupSex",
    "CasualtyRow",
    "Citation",
    "ImportRun",
    "Incident",
    "IncidentActor",
    "IncidentActorRole",
    "IncidentDatePrecision",
    "IncidentExternalSource",
    "IncidentGeoPrecision",
    "IncidentQuerySet",
    "IncidentRelation",
    "IncidentStatus",
    "IncidentType",
    "IncidentViolenceType",
    "Place",
    "RelationKind",
    "actor_and_descendants",
    "format_count",
    "valid_country_codes",
    "visible_to",
]

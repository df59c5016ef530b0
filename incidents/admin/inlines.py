"""What the incident page holds: actors, citations, figures with their
breakdown lines, links."""

import nested_admin

from core.admin import (
    TEXT_FIELDS_FOLLOW_THEIR_SCRIPT,
)
from incidents.models import (
    CasualtyFigure,
    CasualtyGroup,
    Citation,
    IncidentActor,
    IncidentRelation,
)
from incidents.services import (
    ACTOR_LINK_FIELDS,
    GROUP_FIELDS,
    RELATION_FIELDS,
)


class CasualtyGroupInline(nested_admin.NestedTabularInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = CasualtyGroup
    fields = GROUP_FIELDS
    autocomplete_fields = ("affiliation",)
    extra = 0


class CasualtyFigureInline(nested_admin.NestedStackedInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = CasualtyFigure
    fields = (
        ("outcome", "count_min", "count_best", "count_max", "breakdown_complete", "preferred"),
        ("report", "attributed_to"),
        "quote",
    )
    autocomplete_fields = ("report", "attributed_to")
    inlines = (CasualtyGroupInline,)
    extra = 0


class IncidentActorInline(nested_admin.NestedTabularInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = IncidentActor
    fields = ACTOR_LINK_FIELDS
    autocomplete_fields = ("actor",)
    extra = 0


class CitationInline(nested_admin.NestedStackedInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = Citation
    fields = (("report", "attributed_to"), "quote")
    autocomplete_fields = ("report", "attributed_to")
    extra = 0


class IncidentRelationInline(nested_admin.NestedTabularInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = IncidentRelation
    fk_name = "from_incident"
    fields = RELATION_FIELDS
    autocomplete_fields = ("to_incident",)
    extra = 0

"""The enumerations of the incidents app. Each is also held by a named
check constraint on the model that stores it: choices alone constrain nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# Close to ACLED's actor types, so that its data maps onto ours.
class ActorKind(models.TextChoices):
    STATE_FORCES = "state_forces", _("state forces")
    FOREIGN_STATE_FORCES = "foreign_state_forces", _("foreign state forces")
    COALITION = "coalition", _("international coalition")
    REBEL_GROUP = "rebel_group", _("rebel group")
    MILITIA = "militia", _("militia")
    ARMED_GROUP = "armed_group", _("other armed group")
    CONTRACTOR = "contractor", _("private contractor")
    CIVILIANS = "civilians", _("civilians")
    OTHER = "other", _("other")


class IncidentType(models.TextChoices):
    AIRSTRIKE = "airstrike", _("airstrike")
    DRONE_STRIKE = "drone_strike", _("drone strike")
    SHELLING_MISSILE_ROCKET = "shelling_missile_rocket", _("shelling, missile or rocket")
    ARMED_CLASH = "armed_clash", _("armed clash")
    EXPLOSION_IED = "explosion_ied", _("explosion or IED")
    GROUND_ATTACK = "ground_attack", _("ground attack")
    CRASH = "crash", _("crash")
    MILITARY_EXERCISE = "military_exercise", _("military exercise")
    TROOP_MOVEMENT = "troop_movement", _("troop movement")
    OTHER = "other", _("other")
    # UCDP GED codes who fought, not how: its events arrive with no type.
    UNSPECIFIED = "unspecified", _("not specified by the source")


# UCDP's type_of_violence: the axis its users count by, kept apart from the type
# of attack. ACLED's event types map onto it too (see incidents/imports/layouts/acled.py).
class IncidentViolenceType(models.TextChoices):
    STATE_BASED = "state_based", _("state-based conflict")
    NON_STATE = "non_state", _("non-state conflict")
    ONE_SIDED = "one_sided", _("one-sided violence against civilians")


class IncidentExternalSource(models.TextChoices):
    UCDP_GED = "ucdp_ged", _("UCDP GED")
    ACLED = "acled", _("ACLED")


class IncidentDatePrecision(models.TextChoices):
    DAY = "day", _("day")
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


# How closely the place is known, from a point to a whole country (UCDP's
# where_prec and ACLED's geo_precision both map onto these).
class IncidentGeoPrecision(models.TextChoices):
    EXACT = "exact", _("exact location")
    NEAR = "near", _("near the place named")
    ADMIN2 = "admin2", _("somewhere in the district")
    ADMIN1 = "admin1", _("somewhere in the governorate")
    COUNTRY = "country", _("somewhere in the country")


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    RETRACTED = "retracted", _("retracted")


class IncidentActorRole(models.TextChoices):
    PERPETRATOR = "perpetrator", _("perpetrator")
    TARGET = "target", _("target")
    # UCDP's side A and side B, ACLED's actor 1 and actor 2 and their associated
    # actors: parties named without saying who attacked whom.
    SIDE_A = "side_a", _("first side")
    SIDE_B = "side_b", _("second side")
    WITH_SIDE_A = "with_side_a", _("with the first side")
    WITH_SIDE_B = "with_side_b", _("with the second side")
    OTHER = "other", _("other")


class RelationKind(models.TextChoices):
    RETALIATION_FOR = "retaliation_for", _("retaliation for")
    PART_OF = "part_of", _("part of")
    SAME_AS = "same_as", _("same as")
    FOLLOWS = "follows", _("follows")


class CasualtyFigureOutcome(models.TextChoices):
    KILLED = "killed", _("killed")
    INJURED = "injured", _("injured")
    MISSING = "missing", _("missing")
    DETAINED = "detained", _("detained")


class CasualtyGroupNationalityBasis(models.TextChoices):
    STATED = "stated", _("stated by the report")
    INFERRED = "inferred", _("inferred by the editor")
    UNKNOWN = "unknown", _("unknown")


class CasualtyGroupCombatantStatus(models.TextChoices):
    CIVILIAN = "civilian", _("civilian")
    COMBATANT = "combatant", _("combatant")
    CONTRACTOR = "contractor", _("contractor")
    UNKNOWN = "unknown", _("unknown")


class CasualtyGroupSex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    MIXED = "mixed", _("mixed")
    UNKNOWN = "unknown", _("unknown")


# Airwars and HURIDOCS split victims into children and adults; "elderly" is
# kept apart because reports single it out.
class CasualtyGroupAgeGroup(models.TextChoices):
    CHILD = "child", _("child")
    ADULT = "adult", _("adult")
    ELDERLY = "elderly", _("elderly")
    MIXED = "mixed", _("mixed")
    UNKNOWN = "unknown", _("unknown")

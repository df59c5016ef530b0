"""Who takes part and where: the actors and places incidents refer to."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from core.countries import COUNTRY_CODE_PATTERN, country_field
from core.history import record_history
from core.stamped import Stamped
from core.text import bilingual_name
from incidents.models.choices import ActorKind


@record_history
class Actor(Stamped):
    Kind = ActorKind

    name = models.CharField(_("name"), max_length=200)
    name_ar = models.CharField(_("Arabic name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ActorKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of or backed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("E.g. a militia under the state that backs it."),
    )
    country = country_field(_("country"), blank=True)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="incidents_actor_name_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=ActorKind.values), name="incidents_actor_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=COUNTRY_CODE_PATTERN),
                name="incidents_actor_country_iso",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="incidents_actor_not_own_parent"
            ),
        ]

    def __str__(self):
        return bilingual_name(self.name, self.name_ar)

    def clean(self):
        ancestor = self.parent
        seen = set()
        while ancestor is not None:
            if (self.pk and ancestor.pk == self.pk) or ancestor.pk in seen:
                raise ValidationError(
                    {"parent": _("%(actor)s cannot be placed under itself.") % {"actor": self.name}}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


@record_history
class Place(Stamped):
    name = models.CharField(_("name"), max_length=200)
    name_ar = models.CharField(_("Arabic name"), max_length=200, blank=True)
    country = country_field(_("country"))
    admin1 = models.CharField(
        _("governorate"), max_length=200, blank=True, help_text=_("First-level division.")
    )
    admin2 = models.CharField(
        _("district"), max_length=200, blank=True, help_text=_("Second-level division.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["country", "admin1", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "admin1", "admin2", "name"],
                name="incidents_place_unique_within_division",
            ),
            models.CheckConstraint(
                condition=Q(country__regex=COUNTRY_CODE_PATTERN),
                name="incidents_place_country_iso",
            ),
            # Both or neither: the comparisons alone would let a half pair
            # through, since NULL >= -90 is not false but unknown.
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="incidents_place_coordinates_valid",
            ),
        ]

    def __str__(self):
        parts = [bilingual_name(self.name, self.name_ar)]
        if self.admin1:
            parts.append(self.admin1)
        return ", ".join(parts)

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Give both latitude and longitude, or neither."), code="coordinates_pair"
            )


def actor_and_descendants(actor) -> RawSQL:
    """Ids of an actor and of every actor under it (a militia under the force
    that backs it), for filters that follow the hierarchy."""
    return RawSQL(
        "WITH RECURSIVE tree(id) AS (SELECT %s::bigint UNION "
        "SELECT a.id FROM incidents_actor a JOIN tree t ON a.parent_id = t.id) "
        "SELECT id FROM tree",
        [actor.pk],
    )

"""Who created and last changed a row, and when.

Services set these fields explicitly on every write (there is no hidden
``save()`` override); the audit history added by database triggers records the
full sequence of changes, while these columns answer the everyday question
"who touched this last".
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries


class Tracked(models.Model):
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def stamp(self, user) -> None:
        """Record ``user`` as the author of the change about to be saved."""
        now = timezone.now()
        acting_user = user if user is not None and user.is_authenticated else None
        if self._state.adding:
            self.created_at = now
            self.created_by = acting_user
        self.updated_at = now
        self.updated_by = acting_user


COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"


def country_choices():
    """ISO 3166 countries, named in the language of the page being shown."""
    return list(countries)


def country_field(verbose_name, **options) -> models.CharField:
    """A two-letter ISO 3166 code: the form every other dataset merges on."""
    return models.CharField(verbose_name, max_length=2, choices=country_choices, **options)


def bilingual_name(name: str, name_ar: str) -> str:
    """Both names, the one in the page's language first."""
    if not name_ar:
        return name
    if (get_language() or "").startswith("ar"):
        return f"{name_ar} ({name})"
    return f"{name} ({name_ar})"

"""Who created and last changed a row, and when.

Services set these fields explicitly on every write (there is no hidden
``save()`` override); the audit history added by database triggers records the
full sequence of changes, while these columns answer the everyday question
"who touched this last".
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stamped(models.Model):
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
        values = self.stamp_values(user, timezone.now())
        if not self._state.adding:
            del values["created_at"], values["created_by_id"]
        self.__dict__.update(values)
        # The cached related user would hide the new id.
        self._state.fields_cache.pop("created_by", None)
        self._state.fields_cache.pop("updated_by", None)

    @staticmethod
    def stamp_values(user, now) -> dict:
        """The stamp of a new row written by ``user`` at ``now``, by column
        (bulk writers set it on many rows at once)."""
        user_id = user.pk if user is not None and user.is_authenticated else None
        return {
            "created_at": now,
            "created_by_id": user_id,
            "updated_at": now,
            "updated_by_id": user_id,
        }

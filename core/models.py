"""API tokens that die with the password they were issued under."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken


class TokenPassword(models.Model):
    """The fingerprint of the password a django-rest-knox token (stored hashed,
    expiring, revocable) was obtained with: once the password changes, by its
    owner, an administrator or ``create_editor --reset``, the token is
    refused, the way Django ends the sessions opened with the old password."""

    token = models.OneToOneField(
        AuthToken, on_delete=models.CASCADE, primary_key=True, related_name="password"
    )
    fingerprint = models.CharField(_("password fingerprint"), max_length=128)

    class Meta:
        verbose_name = _("API token's password")
        verbose_name_plural = _("API tokens' passwords")

    def __str__(self):
        return str(self.token)

"""API tokens (django-rest-knox: stored hashed, expiring, revocable) bound to
the password they were obtained with."""

from django.db import transaction
from knox.models import AuthToken

from core.models import TokenPassword


def password_fingerprint(user) -> str:
    """Django's own session hash: an HMAC of the stored password hash, so it
    changes whenever the password does (and with SECRET_KEY)."""
    return user.get_session_auth_hash()


@transaction.atomic
def token_issue(*, user) -> tuple[AuthToken, str]:
    """A new API token for ``user`` (the key is shown once, stored hashed)."""
    instance, key = AuthToken.objects.create(user)
    TokenPassword.objects.create(token=instance, fingerprint=password_fingerprint(user))
    return instance, key

"""How API clients authenticate: knox tokens bound to the password that got them."""

from django.db import transaction
from django.utils.crypto import constant_time_compare
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken
from rest_framework import exceptions

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


class TokenAuthentication(KnoxTokenAuthentication):
    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        issued_with = TokenPassword.objects.filter(token=token).values_list(
            "fingerprint", flat=True
        )
        if not constant_time_compare(next(iter(issued_with), ""), password_fingerprint(user)):
            raise exceptions.AuthenticationFailed(
                "This token was issued before the account's password changed; ask for a new one."
            )
        return user, token

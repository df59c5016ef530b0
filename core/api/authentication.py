"""How API clients authenticate: knox tokens, refused once the password they
were obtained with has changed. (Imported by DRF's settings: nothing here may
import DRF's views.)"""

from django.utils.crypto import constant_time_compare
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

from core.models import TokenPassword
from core.tokens import password_fingerprint


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

"""API tokens: obtained with a password, refused once it changes, revoked on request."""

from django.db import transaction
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema, inline_serializer
from knox import views as knox_views
from rest_framework import permissions, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.authentication import TokenAuthentication
from core.api.errors import flatten_errors
from core.lockout import locked_out
from core.tokens import token_issue


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class ObtainTokenView(APIView):
    """Exchange a username and password for an API token. Tokens are stored
    hashed, expire (API_TOKEN_HOURS) and are revoked by /api/auth/logout/.

    Outside the request's transaction: a refusal rolls that transaction back,
    and with it the failed attempt that django-axes counts towards a lockout."""

    authentication_classes = ()
    permission_classes = (permissions.AllowAny,)
    throttle_scope = "token"

    @extend_schema(
        request=AuthTokenSerializer,
        responses=inline_serializer(
            "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
        ),
    )
    def post(self, request):
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        valid = credentials.is_valid()
        # django-axes notes a lockout on the request it was given (DRF's
        # wrapper), where its middleware, reading Django's request, misses it.
        if getattr(request, "axes_locked_out", False):
            return locked_out(request._request)
        if not valid:
            # Answered here rather than raised: DRF's handler would roll back
            # the enclosing transaction, where there is one (tests).
            return Response(flatten_errors(credentials.errors), status=400)
        instance, token = token_issue(user=credentials.validated_data["user"])
        return Response({"token": token, "expiry": instance.expiry})


@extend_schema(request=None, responses={204: None})
class RevokeTokenView(knox_views.LogoutView):
    """Revoke the token this request is made with."""

    authentication_classes = (TokenAuthentication,)


@extend_schema(request=None, responses={204: None})
class RevokeAllTokensView(knox_views.LogoutAllView):
    """Revoke every token of the user making this request."""

    authentication_classes = (TokenAuthentication,)

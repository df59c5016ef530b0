from drf_spectacular.utils import extend_schema, inline_serializer
from knox import views as knox_views
from knox.models import AuthToken
from rest_framework import permissions, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.views import APIView


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token. Tokens are stored
    hashed, expire (API_TOKEN_HOURS) and are revoked by /api/auth/logout/."""

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
        credentials.is_valid(raise_exception=True)
        instance, token = AuthToken.objects.create(credentials.validated_data["user"])
        return Response({"token": token, "expiry": instance.expiry})


@extend_schema(request=None, responses={204: None})
class RevokeTokenView(knox_views.LogoutView):
    """Revoke the token this request is made with."""


@extend_schema(request=None, responses={204: None})
class RevokeAllTokensView(knox_views.LogoutAllView):
    """Revoke every token of the user making this request."""

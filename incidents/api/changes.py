"""The feed of every change, for those who keep a copy in sync."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.params import time_parameter
from incidents.history import (
    changes_since,
    describe,
    roles,
    usernames,
)


class CanReadEverything(permissions.BasePermission):
    """The changes feed shows drafts as they change: viewers, reviewers and
    editors only."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.has_perm("incidents.view_incident"))


class ChangesView(APIView):
    """Every change and deletion after ``since``, oldest first, with each row's
    values after the change (before it, for a deletion), so that a consumer can
    keep a copy in sync: ask again from ``next_since`` until it is null."""

    permission_classes = (CanReadEverything,)

    @extend_schema(
        parameters=[
            OpenApiParameter("since", OpenApiTypes.DATETIME, required=True),
            OpenApiParameter("limit", OpenApiTypes.INT, required=False),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        since = time_parameter(request, "since")
        try:
            limit = min(int(request.query_params.get("limit", 1000)), 5000)
        except ValueError:
            raise ValidationError({"limit": ["A whole number."]}) from None
        changes, next_since = changes_since(since, limit=max(limit, 1))
        names, acting = usernames(changes), roles(changes)
        return Response(
            {
                "results": [
                    describe(change, names, with_data=True, acting_roles=acting)
                    for change in changes
                ],
                "next_since": next_since,
            }
        )

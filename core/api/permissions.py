"""Who may do what through the API."""

from rest_framework import permissions


class ReadOrModelPermissions(permissions.DjangoModelPermissions):
    """Anyone may read what the queryset shows them (anonymous users see only
    published incidents); writing needs the model's add, change or delete
    permission, which the editor group has."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated) and super().has_permission(
            request, view
        )

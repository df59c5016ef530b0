"""The OpenAPI schema says what the API really does: who may call each
operation without a token, and every error status it can answer."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import permissions

# Error bodies: a message, or (for 400) one map from each bad value's path to
# its messages (core.api.errors.flatten_errors).
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "Each bad value's path (casualty_figures[0].breakdown[2].count_min) "
    "mapped to its messages; or a detail message.",
}

ERRORS = {
    "400": ("A parameter or a value of the body is refused; each is named.", FIELD_ERRORS),
    "401": ("No valid token (send Authorization: Token <token>), or a token sent is not.", DETAIL),
    "403": ("This account may not do this.", DETAIL),
    "404": ("No such row, or not visible to this reader.", DETAIL),
    "409": ("Evidence refers to this row; it cannot be deleted.", DETAIL),
    "412": ("If-Match names a version that is no longer current.", DETAIL),
    "413": ("The request body is larger than the API takes.", DETAIL),
    "428": ("If-Match, with the ETag read, is required.", DETAIL),
    "429": ("Too many failed logins; try again later.", DETAIL),
    "503": ("The database cannot be reached just now; try again.", DETAIL),
}


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "core.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )


def _reads_are_public(view) -> bool:
    from core.api.permissions import ReadOrModelPermissions

    allowing = (permissions.AllowAny, ReadOrModelPermissions)
    return all(isinstance(p, allowing) for p in view.get_permissions())


class AutoSchema(SpectacularAutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        if (
            self.method in permissions.SAFE_METHODS
            and _reads_are_public(self.view)
            and {} not in auths
        ):
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        media = {"application/json"}
        media |= {renderer.media_type for renderer in self.view.get_renderers()}
        for code in self._error_codes():
            if code not in responses:
                description, schema = ERRORS[code]
                content = {"application/json": {"schema": schema}}
                if "text/csv" in media:
                    # ?format=csv answers errors as CSV too: field,message lines.
                    content["text/csv"] = {"schema": {"type": "string"}}
                responses[code] = {"description": description, "content": content}
        return responses

    def _error_codes(self) -> list[str]:
        """The errors this operation can answer, from what it is."""
        # 401 even where no token is needed: a token sent must be valid.
        codes = ["400", "401", "413", "503"]
        if not (self.method in permissions.SAFE_METHODS and _reads_are_public(self.view)):
            codes.append("403")
        if "{" in self.path:
            codes.append("404")
        if self.method == "DELETE":
            codes.append("409")
        guarded = getattr(self.view, "guarded_by_version", ())
        action = getattr(self.view, "action", None)
        if action in guarded:
            codes += ["412", "428"]
        if self.path.endswith("/auth/token/"):
            codes.append("429")
        return codes

"""OpenAPI details for drf-spectacular: Passend's own authentication classes and the role header."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

ROL_HEADER = OpenApiParameter(
    "X-Passend-Rol",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    required=False,
    description="Id van de rol (roltoekenning) waarin u dit verzoek doet; zie /api/v1/mij/. "
    "Zonder deze header geldt de rol uit de sessie of anders uw eerste rol.",
)


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "passend.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token van de gebruiker, als `Authorization: Token <sleutel>`. "
            "Een beheerder maakt of toont de token met `passend maak_token <gebruikersnaam>`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "passend.api.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "De sessie van de website (na inloggen in de browser).",
        }


class PassendAutoSchema(AutoSchema):
    """Adds the X-Passend-Rol header to every operation."""

    def get_override_parameters(self):
        return [ROL_HEADER, *super().get_override_parameters()]

"""Clear Dutch 4xx messages for the API."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from .exceptions import Geweigerd

MESSAGES = {
    exceptions.NotAuthenticated: "Niet ingelogd: stuur een geldige token mee (Authorization: Token ...).",
    exceptions.AuthenticationFailed: "Inloggen mislukt: de token is onbekend of ingetrokken.",
    exceptions.PermissionDenied: "U heeft geen toegang tot deze gegevens.",
    exceptions.NotFound: "Niet gevonden.",
    exceptions.MethodNotAllowed: "Deze methode is hier niet toegestaan.",
    exceptions.UnsupportedMediaType: "Dit inhoudstype wordt niet ondersteund; gebruik application/json.",
    exceptions.ParseError: "De inhoud van het verzoek is geen geldige JSON.",
    exceptions.Throttled: "Te veel verzoeken; probeer het later opnieuw.",
}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    for cls, message in MESSAGES.items():
        if isinstance(exc, cls) and not isinstance(exc, Geweigerd):
            response.data = {"detail": message}
            break
    if isinstance(exc, exceptions.ValidationError) and response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = {"detail": "De invoer is niet geldig.", "fouten": response.data}
    return Response(response.data, status=response.status_code, headers=dict(response.items()))

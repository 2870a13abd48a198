"""Placeholder until the pages are written (being built now)."""

from django.http import Http404


def lijst(request, *args, **kwargs):
    raise Http404


def nieuw(request, *args, **kwargs):
    raise Http404


def detail(request, *args, **kwargs):
    raise Http404


def kiezen(request, *args, **kwargs):
    raise Http404


def antwoord(request, *args, **kwargs):
    raise Http404


def intrekken(request, *args, **kwargs):
    raise Http404


def leerlingbehoeften(request, *args, **kwargs):
    raise Http404

"""Placeholder until the pages are written (being built now)."""

from django.http import Http404


def behoeften(request, *args, **kwargs):
    raise Http404


def plan(request, *args, **kwargs):
    raise Http404


def plan_bewerken(request, *args, **kwargs):
    raise Http404


def profielen(request, *args, **kwargs):
    raise Http404


def profiel(request, *args, **kwargs):
    raise Http404


def profiel_bewerken(request, *args, **kwargs):
    raise Http404


def instellingen(request, *args, **kwargs):
    raise Http404

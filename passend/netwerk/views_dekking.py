"""Placeholder until the pages are written (being built now)."""

from django.http import Http404


def dekking(request, *args, **kwargs):
    raise Http404


def meting_opslaan(request, *args, **kwargs):
    raise Http404


def gaten_export(request, *args, **kwargs):
    raise Http404

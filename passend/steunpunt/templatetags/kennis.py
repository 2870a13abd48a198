"""`{% load kennis %}{% uitleg "passend.zorgplicht.regels.beslis_uiterlijk" %}`: a small link from a rule's outcome
on a page to the knowledge article that explains the rule (see passend/steunpunt/uitleg.py)."""

import logging

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from passend.steunpunt.uitleg import artikel_voor, titel_van

logger = logging.getLogger(__name__)

register = template.Library()


def artikel_url(slug: str) -> str:
    try:
        return reverse("steunpunt:artikel", args=[slug])
    except NoReverseMatch:
        return f"/steunpunt/kennisbank/{slug}/"


@register.simple_tag
def uitleg(sleutel: str) -> str:
    """`<a class="uitleg" href="…">Uitleg: <titel></a>` for a dotted rule path or a short key ("opp"); nothing
    (and a warning in the log) for an unknown key, so a typo never breaks a page."""
    slug = artikel_voor(sleutel)
    titel = titel_van(slug) if slug else None
    if titel is None:
        logger.warning("Geen kennisartikel voor uitleg-sleutel %r.", sleutel)
        return ""
    return format_html('<a class="uitleg" href="{}">Uitleg: {}</a>', artikel_url(slug), titel)

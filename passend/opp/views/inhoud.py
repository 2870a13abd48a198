"""The content of an OPP version as the pages and the PDF show it: the fields in reading order grouped as the
OPP is (perspectiefdeel, handelingsdeel, leerling en ouders), and the word-level comparison of two versions.
"""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import OppVersie

# The fields of a version in reading order, grouped as the OPP is (label, field).
DELEN = [
    ("Perspectiefdeel", [
        ("Verwachte uitstroombestemming", "uitstroombestemming"),
        ("Onderbouwing", "onderbouwing"),
        ("Belemmerende factoren", "belemmerende_factoren"),
        ("Bevorderende factoren", "bevorderende_factoren"),
    ]),
    ("Handelingsdeel", [
        ("Te bieden begeleiding en ondersteuning", "ondersteuning"),
        ("Afwijkingen van het onderwijsprogramma", "afwijkingen"),
        ("Doelen", "doelen"),
    ]),
    ("Leerling en ouders", [
        ("Zienswijze van de leerling", "zienswijze_leerling"),
        ("Besproken met de ouders op", "oogo_op"),
        ("Verslag van het gesprek met de ouders (OOGO)", "oogo_verslag"),
    ]),
]


def tekst_van(v: OppVersie, veld: str) -> str:
    """A field as the reader sees it (choices by label, dates as dd-mm-jjjj)."""
    if veld == "uitstroombestemming":
        return v.get_uitstroombestemming_display() if v.uitstroombestemming else ""
    if veld == "oogo_op":
        return f"{v.oogo_op:%d-%m-%Y}" if v.oogo_op else ""
    return getattr(v, veld) or ""


def _woorden(tekst: str) -> list[str]:
    return re.findall(r"\S+|\s+", tekst)


def _stukken(oud: str, nieuw: str) -> list[tuple[bool, str, str]]:
    """(changed, old text, new text) pieces. Changes separated only by white space are joined into one, so a
    rewritten sentence reads as one removal and one addition instead of alternating words."""
    a, b = _woorden(oud), _woorden(nieuw)
    stukken: list[list] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        stukken.append([tag != "equal", "".join(a[i1:i2]), "".join(b[j1:j2])])
    samen: list[list] = []
    for i, stuk in enumerate(stukken):
        tussen_wijzigingen = (not stuk[0] and not stuk[1].strip() and 0 < i < len(stukken) - 1
                              and stukken[i - 1][0] and stukken[i + 1][0])
        if tussen_wijzigingen:
            stuk = [True, stuk[1], stuk[2]]
        if samen and samen[-1][0] and stuk[0]:
            samen[-1][1] += stuk[1]
            samen[-1][2] += stuk[2]
        else:
            samen.append(list(stuk))
    return [tuple(s) for s in samen]


def woorddiff(oud: str, nieuw: str) -> str:
    """Word-level difference as HTML: removed words in <del>, added words in <ins>, each with a hidden text for
    screen readers (the marking is never colour only: struck through and underlined)."""
    delen = []
    for gewijzigd, a, b in _stukken(oud, nieuw):
        if not gewijzigd:
            delen.append(escape(b))
            continue
        if a:
            delen.append('<del><span class="visually-hidden">[verwijderd: </span>'
                         f'{escape(a)}<span class="visually-hidden">]</span></del>')
        if b:
            delen.append('<ins><span class="visually-hidden">[toegevoegd: </span>'
                         f'{escape(b)}<span class="visually-hidden">]</span></ins>')
    return mark_safe("".join(delen))  # noqa: S308 - every piece of text is escaped above


def vergelijking(oud: OppVersie, nieuw: OppVersie) -> list[dict]:
    """Per part, per field: unchanged or the word difference."""
    uit = []
    for deel, velden in DELEN:
        rijen = []
        for label, veld in velden:
            a, b = tekst_van(oud, veld), tekst_van(nieuw, veld)
            rijen.append({"label": label, "gewijzigd": a != b, "tekst": b,
                          "diff": woorddiff(a, b) if a != b else ""})
        uit.append({"deel": deel, "rijen": rijen, "gewijzigd": sum(r["gewijzigd"] for r in rijen)})
    return uit


def inhoud(v: OppVersie) -> list[dict]:
    return [{"deel": deel, "rijen": [{"label": label, "tekst": tekst_van(v, veld)} for label, veld in velden]}
            for deel, velden in DELEN]

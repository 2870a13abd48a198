"""What the pupil page (passend/register) shows of the dekkend netwerk: the pupil's stated needs and placement
requests, as far as the role may see them, and whether the role may set needs or start a search for a place."""

from passend.core.access import can, visible

from .models import Leerlingbehoefte, Plaatsingsverzoek
from .toegang import mag_plaatsen


def voor_leerling(rol, leerling) -> dict:
    behoeften = list(visible(rol, Leerlingbehoefte).filter(leerling=leerling).select_related("behoefte"))
    verzoeken = list(visible(rol, Plaatsingsverzoek).filter(leerling=leerling)
                     .select_related("gekozen_school", "vanuit_school").prefetch_related("behoeften"))
    return {
        "behoeften": behoeften,
        "verzoeken": verzoeken,
        "kan_behoeften_zetten": can(rol, "change", Leerlingbehoefte(leerling=leerling)),
        "kan_plaatsen": mag_plaatsen(rol) and not any(p.status in (p.Status.OPEN, p.Status.GEKOZEN)
                                                      for p in verzoeken),
    }

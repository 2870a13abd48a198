"""Start panel of the TLV register: TLV's that expire soon without a requested renewal.

SWV staff see those of the whole SWV; a school user those of the pupils now at its school(s) (the school
that must request the renewal). Same rows as the worklist toewijzing:tlvs_verlopend.
"""

from passend.accounts.models import SWV_STAF, Rol
from passend.core.access import visible
from passend.core.panels import Panel, start_panel

from .models import Tlv, vandaag
from .views.tlv import signaal_maanden, verlopend

AANTAL = 5


@start_panel(*SWV_STAF, Rol.SCHOOL, volgorde=45)
def tlvs_verlopend(request, rol):
    if rol.rol == Rol.SCHOOL and not visible(rol, Tlv).exists():
        return None  # a school without any TLV: nothing to say
    peildatum = vandaag()
    qs = verlopend(rol, peildatum)
    tlvs = list(qs[:AANTAL])
    for t in tlvs:
        t.dagen = (t.einddatum - peildatum).days
    return Panel("TLV's die binnenkort verlopen", "toewijzing/tlv_paneel.html", {
        "aantal": qs.count() if len(tlvs) == AANTAL else len(tlvs),
        "tlvs": tlvs,
        "maanden": signaal_maanden(rol),
        "is_school": rol.rol == Rol.SCHOOL,
    })

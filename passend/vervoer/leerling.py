"""What the pupil page (passend/register) shows of leerlingenvervoer: the pupil's transport requests as far as the
role may see them, and whether the role may ask transport for this school year."""

from django.utils import timezone

from passend.accounts.models import Rol
from passend.core.access import is_eigen, visible

from .models import Vervoersaanvraag
from .services import schooljaar_van
from .toegang import mag_aanvragen


def voor_leerling(rol, leerling) -> dict:
    aanvragen = list(visible(rol, Vervoersaanvraag).filter(leerling=leerling).order_by("-schooljaar"))
    dit_jaar = schooljaar_van(timezone.localdate())
    mag = mag_aanvragen(rol) and (rol.rol != Rol.OUDER or is_eigen(rol, leerling.pk))
    return {"aanvragen": aanvragen,
            "kan_aanvragen": mag and not any(a.schooljaar == dit_jaar for a in aanvragen)}

"""Who may see and change the Steunpunt's content (rules for passend.core.access).

- Thema: everyone reads; nobody changes through the app (loaded after migrate).
- Artikel, Activiteit: published ones (and cancelled activities) are public (also without login, in the public views); the Steunpunt
  (Rol.STEUNPUNT) sees drafts and changes them.
- Deelname (participants' names and e-mail addresses): only the Steunpunt, the organiser's team.
- Abonnee: nobody lists addresses; the editor sees a count only (services.aantal_abonnees).
- Nieuwsbrief: the Steunpunt.
- Vraag: the questioner sees their own (whatever role they ask in: it is the person's question), the
  Steunpunt sees and answers all. Nobody else, not even colleagues in the same school or SWV.
- Antennedeelname: the SWV reads its own, its directeur and beheerder change it; the Steunpunt reads all.
"""

from django.db.models import Q

from passend.accounts.models import Rol
from passend.core import access

from .models import Abonnee, Activiteit, Antennedeelname, Artikel, Deelname, Nieuwsbrief, Thema, Vraag

NONE = Q(pk__in=[])


def is_steunpunt(rol) -> bool:
    """Acts in the national Steunpunt role (the one test for it, used by pages and services too)."""
    return rol is not None and rol.actief and rol.rol == Rol.STEUNPUNT


def _thema_scope(rol, action):
    return NONE if action == "change" else Q()


def _thema_can(rol, action, obj):
    return action == "view"


def _gepubliceerd_regels(*openbaar):
    def scope(rol, action):
        if is_steunpunt(rol):
            return Q()
        return NONE if action == "change" else Q(status__in=openbaar)

    def can(rol, action, obj):
        if is_steunpunt(rol):
            return True
        return action == "view" and obj.status in openbaar

    return scope, can


def _alleen_steunpunt(rol, action):
    return Q() if is_steunpunt(rol) else NONE


def _alleen_steunpunt_can(rol, action, obj):
    return is_steunpunt(rol)


def _abonnee_scope(rol, action):
    return NONE


def _abonnee_can(rol, action, obj):
    return False


def _vraag_scope(rol, action):
    if is_steunpunt(rol):
        return Q()
    return Q(vrager_id=rol.user_id) if action == "view" else NONE


def _vraag_can(rol, action, obj):
    if is_steunpunt(rol):
        return True
    return action == "view" and obj.vrager_id is not None and obj.vrager_id == rol.user_id


_swv_scope, _swv_can = access.swv_instellingen_regels()


def _antenne_scope(rol, action):
    if is_steunpunt(rol) and action == "view":
        return Q()
    return _swv_scope(rol, action)


def _antenne_can(rol, action, obj):
    if is_steunpunt(rol) and action == "view":
        return True
    return _swv_can(rol, action, obj)


access.registreer(Thema, _thema_scope, _thema_can)
access.registreer(Artikel, *_gepubliceerd_regels(Artikel.Status.GEPUBLICEERD))
# A cancelled activity stays readable (links in mails and calendars keep working; the page says it is off).
access.registreer(Activiteit, *_gepubliceerd_regels(Activiteit.Status.GEPUBLICEERD, Activiteit.Status.GEANNULEERD))
access.registreer(Deelname, _alleen_steunpunt, _alleen_steunpunt_can)
access.registreer(Nieuwsbrief, _alleen_steunpunt, _alleen_steunpunt_can)
access.registreer(Abonnee, _abonnee_scope, _abonnee_can)
access.registreer(Vraag, _vraag_scope, _vraag_can)
access.registreer(Antennedeelname, _antenne_scope, _antenne_can)

"""The navigation per role: which menu items each role sees. Items only appear where access allows."""

from dataclasses import dataclass

from passend.accounts.models import Rol


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str


START = Item("Start", "core:start")
LEERLINGEN = Item("Leerlingen", "register:leerlingen")
SCHOLEN = Item("Scholen", "scholen:lijst")
AUDIT = Item("Audittrail", "audit:overzicht")
BEHEER = Item("Gebruikers", "accounts:beheer")
TAKEN = Item("Taken", "core:taken")
MIJN_KINDEREN = Item("Mijn kinderen", "register:leerlingen")

MENU = {
    Rol.SWV_MEDEWERKER: [START, LEERLINGEN, SCHOLEN, AUDIT],
    Rol.SWV_DIRECTEUR: [START, LEERLINGEN, SCHOLEN, AUDIT],
    Rol.DESKUNDIGE: [START, LEERLINGEN],
    Rol.SCHOOL: [START, LEERLINGEN, SCHOLEN],
    Rol.SCHOOLBESTUUR: [START, SCHOLEN],
    Rol.OUDER: [START, MIJN_KINDEREN],
    Rol.LEERPLICHT: [START, SCHOLEN],
    Rol.VERVOER: [START, SCHOLEN],
    Rol.BEHEERDER: [START, BEHEER, SCHOLEN, AUDIT, TAKEN],
}


def menu_voor(rol) -> list[Item]:
    return MENU.get(rol.rol, [START]) if rol is not None else []

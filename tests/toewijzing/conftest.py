"""A small world for toewijzing tests: one SWV with a regular and a special school, a pupil at each, the roles
around them (school, consulent, directeur, two experts, a parent with gezag), a second SWV, and helpers that
bring a request to any state through the services (never by writing rows directly)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from passend.accounts.models import Rol
from passend.register.models import Soort as SchoolSoort
from passend.toewijzing import services
from passend.toewijzing.models import Adviesopdracht, Beroep, Soort, Status
from tests.factories import (
    InschrijvingFactory,
    OuderFactory,
    OuderKindFactory,
    RolFactory,
    SamenwerkingsverbandFactory,
    SchoolFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_upload(naam="opp.pdf"):
    return SimpleUploadedFile(naam, b"%PDF-1.4\n% test\n", content_type="application/pdf")


class Wereld:
    """Attributes: swv, ander_swv, school_a (BAO), so_school (SO), leerling, leerling_so, and roles school,
    school_so, consulent, directeur, deskundige1 (orthopedagoog), deskundige2 (arts), ouder, ouder_record,
    bestuur, leerplicht, beheerder, andere_staf, andere_school (a school user of another school)."""

    def aanvraag(self, soort=Soort.TLV, *, compleet=True, leerling=None, rol=None, school=None, **velden):
        """A concept request by the school user, complete (with an OPP attached) unless told otherwise."""
        leerling = leerling or self.leerling
        rol = rol or self.school
        school = school or self.school_a
        if compleet:
            basis = {
                "vraag": "Wat heeft deze leerling nodig om zich te kunnen ontwikkelen?",
                "al_gedaan": "Handelingsplan, extra begeleiding in de groep, observatie door het SWV.",
                "zienswijze_leerling": "Wil graag naar een kleinere groep.",
                "zienswijze_ouders_school": "Ouders steunen de aanvraag.",
            }
            if soort in (Soort.TLV, Soort.VERLENGING):
                basis.update(tlv_soort="so", categorie="laag")
            if soort == Soort.ARRANGEMENT:
                basis.update(doel="Zelfstandig werken", vorm="Ambulante begeleiding", uren=40,
                             periode_van=dt.date(2026, 9, 1), periode_tot=dt.date(2027, 7, 31))
            basis.update(velden)
            velden = basis
        a = services.aanvraag_aanmaken(rol, leerling, school, soort, **velden)
        if compleet:
            services.bijlage_toevoegen(rol, a, "opp", pdf_upload())
            if soort == Soort.VERLENGING:
                services.bijlage_toevoegen(rol, a, "evaluatie", pdf_upload("evaluatie.pdf"))
        return a

    def ouder_akkoord(self, a, akkoord="akkoord"):
        return services.ouderreactie_geven(self.ouder, a, akkoord=akkoord, zienswijze="Wij zijn het eens.")

    def naar(self, a, status, **besluit):
        """Bring request `a` (a complete concept) forward to `status` along the normal path."""
        def ververs():
            return type(a).objects.get(pk=a.pk)

        if status == Status.CONCEPT:
            return a
        if a.status == Status.CONCEPT:
            if not any(r.heeft_gezag for r in a.ouderreacties.all()):
                self.ouder_akkoord(a)
            a = services.transitie(self.school, ververs(), "indienen")
        if status == Status.INGEDIEND:
            return ververs()
        if status == Status.AANVULLING:
            return services.transitie(self.consulent, ververs(), "aanvulling_vragen", toelichting="Graag het OPP bijwerken.")
        services.consulent_toewijzen(self.consulent, ververs(), self.consulent.user)
        a = services.transitie(self.consulent, ververs(), "in_behandeling_nemen")
        if status == Status.IN_BEHANDELING:
            return ververs()
        services.deskundige_vragen(self.consulent, ververs(), deskundige=self.deskundige1.user, volgorde=1,
                                   beroep=Beroep.ORTHOPEDAGOOG)
        if a.is_tlv:
            services.deskundige_vragen(self.consulent, ververs(), deskundige=self.deskundige2.user, volgorde=2,
                                       beroep=Beroep.ARTS)
        a = services.transitie(self.consulent, ververs(), "advies_vragen")
        if status == Status.ADVIES_GEVRAAGD:
            return ververs()
        self.adviseer(ververs())
        besluit = {"uitkomst": "toegekend", "motivering": "Beide deskundigen adviseren positief; de leerling is toelaatbaar.",
                   **besluit}
        beslisser = self.directeur if a.is_tlv else self.consulent
        a = services.transitie(beslisser, ververs(), "besluiten", **besluit)
        if status == Status.BESLOTEN:
            return ververs()
        if status == Status.AFGESLOTEN:
            return services.transitie(self.consulent, ververs(), "afsluiten")
        a = services.transitie(self.consulent, ververs(), "bezwaar_registreren", ontvangen_op=dt.date.today(),
                               indiener="ouders", gronden="Wij zijn het niet eens met de categorie.")
        if status == Status.BEZWAAR:
            return ververs()
        raise ValueError(status)

    def adviseer(self, a):
        for o in a.adviesopdrachten.filter(status=Adviesopdracht.Status.GEVRAAGD):
            rol = self.deskundige1 if o.deskundige_id == self.deskundige1.user_id else self.deskundige2
            services.advies_geven(rol, o, niet_eerder_betrokken=True, zelfstandig_opgesteld=True, conclusie="positief",
                                  advies="De leerling heeft een kleine groep en veel structuur nodig; toelaatbaar tot het SO.")


@pytest.fixture
def w(db):
    w = Wereld()
    w.swv = SamenwerkingsverbandFactory(code="PO2799")
    w.ander_swv = SamenwerkingsverbandFactory(code="PO2798")
    w.school_a = SchoolFactory(vestigingscode="27AA01", naam="De Linde", regio_swv_po=w.swv)
    w.school_b = SchoolFactory(vestigingscode="27BB01", naam="De Eik", regio_swv_po=w.swv)
    w.so_school = SchoolFactory(vestigingscode="27SO01", naam="SO De Brug", soort=SchoolSoort.SO, regio_swv_po=w.swv)
    w.leerling = InschrijvingFactory(school=w.school_a, leerling__swv=w.swv, leerling__achternaam="Aalders",
                                     leerling__geboortedatum=dt.date(2016, 5, 3)).leerling
    w.leerling_b = InschrijvingFactory(school=w.school_b, leerling__swv=w.swv, leerling__achternaam="Bakker").leerling
    w.leerling_so = InschrijvingFactory(school=w.so_school, leerling__swv=w.swv, leerling__achternaam="Claes").leerling
    w.school = RolFactory(rol=Rol.SCHOOL, swv=w.swv, scholen=[w.school_a], user=UserFactory(username="ib-linde"))
    w.andere_school = RolFactory(rol=Rol.SCHOOL, swv=w.swv, scholen=[w.school_b], user=UserFactory(username="ib-eik"))
    w.school_so = RolFactory(rol=Rol.SCHOOL, swv=w.swv, scholen=[w.so_school], user=UserFactory(username="ib-brug"))
    w.consulent = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=w.swv, user=UserFactory(username="consulent"))
    w.directeur = RolFactory(rol=Rol.SWV_DIRECTEUR, swv=w.swv, user=UserFactory(username="directeur"))
    w.deskundige1 = RolFactory(rol=Rol.DESKUNDIGE, swv=w.swv, functie="orthopedagoog", user=UserFactory(username="ortho"))
    w.deskundige2 = RolFactory(rol=Rol.DESKUNDIGE, swv=w.swv, functie="jeugdarts", user=UserFactory(username="arts"))
    w.ouder = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username="ouder"))
    w.ouder_record = OuderFactory(swv=w.swv, user=w.ouder.user, achternaam="Aalders")
    OuderKindFactory(ouder=w.ouder_record, leerling=w.leerling, heeft_gezag=True)
    # The pupil Aalders with an own account (16+, the SWV allows it): the LEERLING role reads their own file.
    w.leerling_zelf = RolFactory(rol=Rol.LEERLING, swv=w.swv, user=UserFactory(username="leerling-aalders"))
    w.leerling.user = w.leerling_zelf.user
    w.leerling.save()
    w.bestuur = RolFactory(rol=Rol.SCHOOLBESTUUR, swv=w.swv, user=UserFactory(username="bestuur"))
    w.leerplicht = RolFactory(rol=Rol.LEERPLICHT, swv=w.swv, user=UserFactory(username="leerplicht"))
    w.vervoer = RolFactory(rol=Rol.VERVOER, swv=w.swv, user=UserFactory(username="vervoer"))
    w.beheerder = RolFactory(rol=Rol.BEHEERDER, swv=w.swv, user=UserFactory(username="beheerder"))
    w.andere_staf = RolFactory(rol=Rol.SWV_MEDEWERKER, swv=w.ander_swv, user=UserFactory(username="buren"))
    return w


ALLE_ROLLEN = ("school", "andere_school", "school_so", "consulent", "directeur", "deskundige1", "deskundige2", "ouder",
               "leerling_zelf", "bestuur", "leerplicht", "vervoer", "beheerder", "andere_staf")

"""The OPP services: set versions never change, a new version is a copy that needs a new talk with the
parents, consent per parent with gezag, evaluations on a set OPP, an external OPP only as a real PDF; and every
refusal leaves every row as it was."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from passend.accounts.models import Rol
from passend.audit.models import AuditEvent
from passend.opp import services
from passend.opp.models import Evaluatie, Instemming, Opp, OppVersie
from tests.factories import InschrijvingFactory, OuderFactory, OuderKindFactory, RolFactory, UserFactory
from tests.toewijzing.conftest import pdf_upload

from .test_toegang import volledig


def vandaag() -> dt.date:
    return services.vandaag()


def _foto(*objecten):
    tellers = tuple(m.objects.count() for m in (Opp, OppVersie, Instemming, Evaluatie, AuditEvent))
    rijen = []
    for o in objecten:
        o = type(o).objects.get(pk=o.pk)
        rijen.append({f.attname: str(getattr(o, f.attname)) for f in type(o)._meta.concrete_fields})
    return tellers, rijen


@contextmanager
def niets_verandert(*objecten, fout=(PermissionDenied, ValidationError)):
    voor = _foto(*objecten)
    with pytest.raises(fout) as e:
        yield e
    assert _foto(*objecten) == voor


def nieuw_opp(w, rol=None, leerling=None, school=None, dagen=20) -> Opp:
    return services.opp_aanmaken(rol or w.school, leerling=leerling or w.leerling, school=school or w.school_a,
                                 aanleiding="inschrijving", aanleiding_datum=vandaag() - dt.timedelta(days=dagen))


def vastgesteld(w, o=None) -> OppVersie:
    o = o or nieuw_opp(w)
    v = o.versies.get(status="concept")
    services.versie_bijwerken(w.school, v, **volledig())
    return services.vaststellen(w.school, v)


# ------------------------------------------------------------------------------------------------------------
# Starting an OPP
# ------------------------------------------------------------------------------------------------------------

def test_opp_aanmaken_met_een_eerste_conceptversie(w):
    o = services.opp_aanmaken(w.school, leerling=w.leerling, school=w.school_a, aanleiding="extra_ondersteuning",
                              aanleiding_datum=vandaag(), contactpersoon=w.school.user)
    v = o.versies.get()
    assert (v.nummer, v.status) == (1, "concept") and o.contactpersoon == w.school.user
    assert services.huidige_versie(o) is None


def test_opp_aanmaken_weigert(w):
    with niets_verandert(fout=PermissionDenied):
        nieuw_opp(w, leerling=w.leerling_b)  # not enrolled at school A
    with niets_verandert(fout=PermissionDenied):
        nieuw_opp(w, school=w.school_b)  # not the user's school
    for rol in (w.consulent, w.ouder, w.deskundige1, w.andere_staf):
        with niets_verandert(fout=PermissionDenied):
            nieuw_opp(w, rol=rol)
    with niets_verandert(fout=ValidationError) as e:
        nieuw_opp(w, dagen=-1)
    assert "aanleiding_datum" in e.value.message_dict
    with niets_verandert(fout=ValidationError) as e:
        services.opp_aanmaken(w.school, leerling=w.leerling, school=w.school_a, aanleiding="iets",
                              aanleiding_datum=vandaag())
    assert "aanleiding" in e.value.message_dict
    o = nieuw_opp(w)
    with niets_verandert(o, fout=ValidationError) as e:
        nieuw_opp(w)
    assert "al een lopend OPP" in str(e.value)
    # Once ended, a new OPP can start.
    services.opp_beeindigen(w.school, o)
    assert nieuw_opp(w).pk != o.pk


def test_in_het_speciaal_onderwijs_start_de_termijn_altijd_bij_de_inschrijving(w):
    """Only a regular school follows the SWV's setting (start of extra support); in SBO/SO/VSO the pupil is
    there because of the support, so the 6 weeks start at enrolment."""
    with niets_verandert(fout=ValidationError) as e:
        services.opp_aanmaken(w.school_so, leerling=w.leerling_so, school=w.so_school,
                              aanleiding="extra_ondersteuning", aanleiding_datum=vandaag())
    assert "altijd bij de inschrijving" in e.value.message_dict["aanleiding"][0]
    o = services.opp_aanmaken(w.school_so, leerling=w.leerling_so, school=w.so_school, aanleiding="inschrijving",
                              aanleiding_datum=vandaag())
    assert o.aanleiding == "inschrijving"


# ------------------------------------------------------------------------------------------------------------
# Versions
# ------------------------------------------------------------------------------------------------------------

def test_vaststellen_vraagt_een_compleet_opp(w):
    v = nieuw_opp(w).versies.get()
    with niets_verandert(v, fout=ValidationError) as e:
        services.vaststellen(w.school, v)
    for deel in ("uitstroombestemming", "belemmerende factoren", "zienswijze van de leerling", "OOGO"):
        assert deel in str(e.value)
    services.versie_bijwerken(w.school, v, **{**volledig(), "zienswijze_leerling": ""})
    with niets_verandert(v, fout=ValidationError) as e:
        services.vaststellen(w.school, v)
    assert "zienswijze van de leerling" in str(e.value) and "OOGO" not in str(e.value)
    services.versie_bijwerken(w.school, v, zienswijze_leerling="Wil graag in de eigen klas blijven.")
    with niets_verandert(v, fout=ValidationError):
        services.vaststellen(w.school, v, datum=vandaag() + dt.timedelta(days=1))
    with niets_verandert(v, fout=PermissionDenied):
        services.vaststellen(w.consulent, v)
    v = services.vaststellen(w.school, v, datum=vandaag() - dt.timedelta(days=3))
    assert v.status == "vastgesteld" and v.vastgesteld_op == vandaag() - dt.timedelta(days=3)
    assert v.vastgesteld_door == w.school.user and services.huidige_versie(v.opp) == v


def test_versie_bijwerken_weigert_een_gesprek_in_de_toekomst(w):
    v = nieuw_opp(w).versies.get()
    with niets_verandert(v, fout=ValidationError) as e:
        services.versie_bijwerken(w.school, v, oogo_op=vandaag() + dt.timedelta(days=1), doelen="Nieuwe doelen")
    assert "oogo_op" in e.value.message_dict


def test_een_vastgestelde_versie_verandert_nooit(w):
    v = vastgesteld(w)
    for rol in (w.school, w.consulent, w.ouder):
        with niets_verandert(v, fout=PermissionDenied):
            services.versie_bijwerken(rol, v, doelen="Stiekem andere doelen.")
        with niets_verandert(v, fout=PermissionDenied):
            services.vaststellen(rol, v)
    assert OppVersie.objects.get(pk=v.pk).doelen == volledig()["doelen"]


def test_nieuwe_versie_kopieert_en_vraagt_een_nieuw_gesprek_met_ouders(w):
    v1 = vastgesteld(w)
    v2 = services.nieuwe_versie(w.school, v1.opp)
    assert (v2.nummer, v2.status) == (2, "concept")
    for veld in services.VERSIE_VELDEN:
        if veld in ("oogo_op", "oogo_verslag"):
            continue
        assert getattr(v2, veld) == getattr(v1, veld), veld
    assert v2.oogo_op is None and v2.oogo_verslag == ""
    # The set version stays as it was, and stays what applies until the new one is set.
    assert _foto(v1) == _foto(OppVersie.objects.get(pk=v1.pk))
    assert services.huidige_versie(v1.opp) == v1
    with niets_verandert(v1.opp, fout=ValidationError) as e:
        services.nieuwe_versie(w.school, v1.opp)
    assert "al een conceptversie" in str(e.value)
    with niets_verandert(v2, fout=ValidationError):
        services.vaststellen(w.school, v2)  # no new talk with the parents yet
    services.versie_bijwerken(w.school, v2, oogo_op=vandaag(), oogo_verslag="Bijgesteld na de evaluatie.",
                              doelen="Nieuwe doelen voor groep 7.")
    v2 = services.vaststellen(w.school, v2)
    assert services.huidige_versie(v1.opp) == v2
    assert OppVersie.objects.get(pk=v1.pk).doelen == volledig()["doelen"]
    with niets_verandert(v1.opp, fout=PermissionDenied):
        services.nieuwe_versie(w.consulent, v1.opp)


# ------------------------------------------------------------------------------------------------------------
# Consent
# ------------------------------------------------------------------------------------------------------------

def _ouder(w, username, gezag=True, leerling=None):
    rol = RolFactory(rol=Rol.OUDER, swv=w.swv, user=UserFactory(username=username))
    OuderKindFactory(ouder=OuderFactory(swv=w.swv, user=rol.user), leerling=leerling or w.leerling, heeft_gezag=gezag)
    return rol


def test_instemming_per_ouder_met_gezag(w):
    v = vastgesteld(w)
    vader = _ouder(w, "vader")
    zonder_gezag = _ouder(w, "stiefouder", gezag=False)
    ja = services.instemming_geven(w.ouder, v, besluit="instemming")
    nee = services.instemming_geven(vader, v, besluit="geen_instemming", toelichting="  Eerst een gesprek.  ")
    assert ja.ouder == w.ouder_record and ja.heeft_gezag and ja.user == w.ouder.user
    assert nee.besluit == "geen_instemming" and nee.toelichting == "Eerst een gesprek."
    assert set(v.instemmingen.values_list("besluit", flat=True)) == {"instemming", "geen_instemming"}
    # A parent without gezag cannot consent.
    with niets_verandert(v, ja, nee, fout=ValidationError) as e:
        services.instemming_geven(zonder_gezag, v, besluit="instemming")
    assert "gezag" in str(e.value)
    # A parent may change their mind: still one row per parent.
    services.instemming_geven(w.ouder, v, besluit="geen_instemming", toelichting="Toch niet.")
    assert v.instemmingen.count() == 2
    assert v.instemmingen.get(ouder=w.ouder_record).besluit == "geen_instemming"


def test_instemming_weigert(w):
    o = nieuw_opp(w)
    concept = o.versies.get()
    # The concept is the school's draft, not shown to the parent: consent is refused as for any unseen version.
    with niets_verandert(concept, fout=PermissionDenied):
        services.instemming_geven(w.ouder, concept, besluit="instemming")
    v = vastgesteld(w, o)
    for rol in (w.leerling_zelf,):  # the pupil's own account does not consent (the parents do)
        with niets_verandert(v, fout=PermissionDenied):
            services.instemming_geven(rol, v, besluit="instemming")
    with niets_verandert(v, fout=ValidationError):
        services.instemming_geven(w.ouder, v, besluit="misschien")
    andere_ouder = _ouder(w, "ouder-eik", leerling=w.leerling_b)
    for rol in (andere_ouder, w.school, w.consulent, w.andere_staf):
        with niets_verandert(v, fout=PermissionDenied):
            services.instemming_geven(rol, v, besluit="instemming")


# ------------------------------------------------------------------------------------------------------------
# Evaluations
# ------------------------------------------------------------------------------------------------------------

def test_evaluatie_vraagt_een_vastgestelde_versie(w):
    o = nieuw_opp(w)
    with niets_verandert(o, fout=ValidationError) as e:
        services.evaluatie_toevoegen(w.school, o, datum=vandaag(), verslag="De doelen zijn gehaald.")
    assert "vastgestelde versie" in str(e.value)
    vastgesteld(w, o)
    with niets_verandert(o, fout=ValidationError) as e:
        services.evaluatie_toevoegen(w.school, o, datum=vandaag() + dt.timedelta(days=1), verslag="De doelen zijn gehaald.")
    assert "datum" in e.value.message_dict
    with niets_verandert(o, fout=ValidationError) as e:
        services.evaluatie_toevoegen(w.school, o, datum=vandaag(), verslag="Goed.")
    assert "verslag" in e.value.message_dict
    for rol in (w.consulent, w.ouder, w.andere_school):
        with niets_verandert(o, fout=PermissionDenied):
            services.evaluatie_toevoegen(rol, o, datum=vandaag(), verslag="De doelen zijn gehaald.")
    e = services.evaluatie_toevoegen(w.school, o, datum=vandaag(), verslag="  De doelen zijn gehaald.  ",
                                     met_ouders=True, bijstelling_nodig=True)
    assert (e.datum, e.verslag, e.met_ouders, e.bijstelling_nodig, e.door) == (
        vandaag(), "De doelen zijn gehaald.", True, True, w.school.user)


# ------------------------------------------------------------------------------------------------------------
# An OPP made elsewhere
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("naam", "inhoud", "veld_tekst"), [
    ("opp.pdf", b"PK\x03\x04 this is a zip file", "geen PDF"),
    ("opp.pdf", b"<html>%PDF-1.4</html>", "geen PDF"),
    ("opp.docx", b"%PDF-1.4\n", "als PDF"),
    ("opp.pdf", b"", "leeg"),
])
def test_extern_opp_alleen_als_echte_pdf(w, naam, inhoud, veld_tekst):
    o = nieuw_opp(w)
    with niets_verandert(o, fout=ValidationError) as e:
        services.extern_opp_toevoegen(w.school, o, SimpleUploadedFile(naam, inhoud))
    assert veld_tekst in " ".join(e.value.message_dict["bestand"])


def test_extern_opp_toevoegen(w):
    o = nieuw_opp(w)
    with niets_verandert(o, fout=PermissionDenied):
        services.extern_opp_toevoegen(w.consulent, o, pdf_upload())
    o = services.extern_opp_toevoegen(w.school, o, pdf_upload("OPP vorige school.PDF"))
    with o.extern_bestand.open("rb") as f:
        assert f.read().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(object_type="opp.opp", object_id=str(o.pk),
                                     omschrijving__icontains="PDF").exists()
    # Once there is a set OPP in Passend, no external one any more.
    ander = InschrijvingFactory(school=w.school_a, leerling__swv=w.swv).leerling
    o2 = nieuw_opp(w, leerling=ander)
    vastgesteld(w, o2)
    with niets_verandert(o2, fout=ValidationError):
        services.extern_opp_toevoegen(w.school, o2, pdf_upload())


def test_opp_beeindigen(w):
    o = nieuw_opp(w)
    with niets_verandert(o, fout=PermissionDenied):
        services.opp_beeindigen(w.ouder, o)
    o = services.opp_beeindigen(w.school, o, datum=vandaag())
    assert o.beeindigd_op == vandaag()

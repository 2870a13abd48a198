"""factory_boy factories for every model. Schools come from factories, not from the real file, so unit tests
stay fast; tests that need the real register use the `register_real` fixture (conftest.py)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from passend.accounts.models import Dossiertoegang, Rol, Roltoekenning, User
from passend.core.models import Job
from passend.register.models import (
    Gemeente,
    Inschrijving,
    Leerling,
    Ouder,
    OuderKind,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
    Sector,
    Soort,
)

PASSWORD = "Demo-wachtwoord-2026"


def _b36(n: int, breedte: int) -> str:
    """`n` in base 36, zero-padded: keeps generated codes within their column width (6 characters for an SWV
    code and a vestigingscode) when property tests create thousands of rows in one run. PostgreSQL enforces the
    width; SQLite does not, so only the PostgreSQL run would notice."""
    tekens = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    uit = ""
    while n:
        n, r = divmod(n, 36)
        uit = tekens[r] + uit
    return uit.rjust(breedte, "0")


def _naam(soort: str):
    """A Dutch first or last name from Faker without apostrophes ("d' Heripon"): tests compare names with the
    escaped HTML, and a random apostrophe made them fail now and then. Apostrophes themselves are covered by
    tests/register/test_views.py::test_naam_met_apostrof_wordt_veilig_getoond_en_gevonden."""
    return factory.LazyFunction(lambda: getattr(factory.Faker._get_faker(locale="nl_NL"), soort)().replace("'", ""))


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("sleutel",)

    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    sleutel = factory.LazyAttribute(lambda o: Gemeente.maak_sleutel(o.naam))


class SamenwerkingsverbandFactory(DjangoModelFactory):
    class Meta:
        model = Samenwerkingsverband
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PO{9000 + n:04d}" if n < 1000 else "P" + _b36(n, 5))
    sector = Sector.PO
    naam = factory.LazyAttribute(lambda o: f"Samenwerkingsverband {o.code}")


class SchoolbestuurFactory(DjangoModelFactory):
    class Meta:
        model = Schoolbestuur

    naam = factory.Sequence(lambda n: f"Stichting Onderwijs {n}")


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("vestigingscode",)

    vestigingscode = factory.Sequence(lambda n: f"Z{n:05d}" if n < 100_000 else "Y" + _b36(n, 5))
    brin = factory.LazyAttribute(lambda o: o.vestigingscode[:4])
    naam = factory.Sequence(lambda n: f"Basisschool De Linde {n}")
    soort = Soort.BAO
    denominatie = "Openbaar"
    straat = "Schoolstraat"
    huisnummer = "1"
    postcode = "8011AA"
    plaats = "Zwolle"
    gemeente = factory.SubFactory(GemeenteFactory, naam="Zwolle")
    leerlingen = 250
    lat = 52.51
    lon = 6.09
    regio_swv_po = factory.SubFactory(SamenwerkingsverbandFactory)


class LeerlingFactory(DjangoModelFactory):
    class Meta:
        model = Leerling

    swv = factory.SubFactory(SamenwerkingsverbandFactory)
    voornaam = _naam("first_name")
    achternaam = _naam("last_name")
    geboortedatum = factory.Faker("date_between", start_date=dt.date(2013, 1, 1), end_date=dt.date(2020, 12, 31))
    postcode = "8011AB"
    huisnummer = "12"


class InschrijvingFactory(DjangoModelFactory):
    class Meta:
        model = Inschrijving

    leerling = factory.SubFactory(LeerlingFactory)
    school = factory.SubFactory(SchoolFactory, regio_swv_po=factory.SelfAttribute("..leerling.swv"))
    begindatum = dt.date(2022, 8, 22)
    einddatum = None


class OuderFactory(DjangoModelFactory):
    class Meta:
        model = Ouder

    swv = factory.SubFactory(SamenwerkingsverbandFactory)
    voornaam = _naam("first_name")
    achternaam = _naam("last_name")
    email = factory.Sequence(lambda n: f"ouder{n}@example.org")


class OuderKindFactory(DjangoModelFactory):
    class Meta:
        model = OuderKind

    leerling = factory.SubFactory(LeerlingFactory)
    ouder = factory.SubFactory(OuderFactory, swv=factory.SelfAttribute("..leerling.swv"))
    relatie = OuderKind.Relatie.MOEDER
    heeft_gezag = True


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = _naam("first_name")
    last_name = _naam("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(PASSWORD)


class RolFactory(DjangoModelFactory):
    """A role assignment. Pass `scholen=[...]` for school roles."""

    class Meta:
        model = Roltoekenning
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    rol = Rol.SWV_MEDEWERKER
    swv = factory.SubFactory(SamenwerkingsverbandFactory)

    @factory.post_generation
    def scholen(self, create, extracted, **kwargs):
        if create and extracted:
            self.scholen.set(extracted)


class DossiertoegangFactory(DjangoModelFactory):
    class Meta:
        model = Dossiertoegang

    user = factory.SubFactory(UserFactory)
    leerling = factory.SubFactory(LeerlingFactory)
    reden = "Deskundigenadvies TLV"


class JobFactory(DjangoModelFactory):
    class Meta:
        model = Job

    soort = "import_register"
    titel = "Register importeren"

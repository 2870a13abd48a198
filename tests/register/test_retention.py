import datetime as dt

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from passend.audit.models import AuditEvent
from passend.register.models import Leerling, Ouder
from passend.register.retention import bewaren_tot, verlopen_leerlingen, verwijder_verlopen
from tests.factories import InschrijvingFactory, LeerlingFactory, OuderKindFactory

TODAY = dt.date(2026, 11, 28)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(0, 10))
def test_bewaren_tot_is_n_years_later_never_earlier(einde, jaren):
    tot = bewaren_tot(einde, jaren)
    assert tot.year == einde.year + jaren
    assert (tot.month, tot.day) == (einde.month, einde.day) or (einde.month, einde.day, tot.day) == (2, 29, 28)


@pytest.mark.django_db
def test_only_pupils_past_their_period_are_removed_and_it_is_on_record(settings):
    settings.PASSEND_BEWAARTERMIJN_JAREN = 3
    weg = LeerlingFactory()
    InschrijvingFactory(leerling=weg, begindatum=dt.date(2015, 8, 20), einddatum=dt.date(2023, 7, 1))
    ouder = OuderKindFactory(leerling=weg).ouder
    blijft_kort = LeerlingFactory()  # left 2 years ago
    InschrijvingFactory(leerling=blijft_kort, begindatum=dt.date(2018, 8, 20), einddatum=dt.date(2024, 7, 1))
    blijft_actief = LeerlingFactory()  # old enrolment ended, but enrolled again
    InschrijvingFactory(leerling=blijft_actief, begindatum=dt.date(2012, 8, 20), einddatum=dt.date(2016, 7, 1))
    InschrijvingFactory(leerling=blijft_actief, begindatum=dt.date(2016, 8, 20))

    assert list(verlopen_leerlingen(TODAY)) == [weg]
    assert verwijder_verlopen(TODAY) == {"leerlingen": 1, "ouders": 1}
    assert set(Leerling.objects.all()) == {blijft_kort, blijft_actief}
    assert not Ouder.objects.filter(pk=ouder.pk).exists()
    assert AuditEvent.objects.filter(leerling_id=weg.pk, actie="delete", object_type="register.leerling").exists()


@pytest.mark.django_db
def test_command_counts_without_deleting(capsys):
    weg = LeerlingFactory()
    InschrijvingFactory(leerling=weg, begindatum=dt.date(2010, 8, 20), einddatum=dt.date(2015, 7, 1))
    call_command("bewaartermijn")
    assert "1 leerling(en) voorbij de bewaartermijn" in capsys.readouterr().out
    assert Leerling.objects.filter(pk=weg.pk).exists()
    call_command("bewaartermijn", "--uitvoeren")
    assert not Leerling.objects.filter(pk=weg.pk).exists()

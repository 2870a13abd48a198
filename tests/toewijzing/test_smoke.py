import datetime as dt

from passend.toewijzing.models import Status, Tlv


def test_happy_path_tlv_to_objection(w):
    a = w.naar(w.aanvraag(), Status.BEZWAAR)
    assert a.status == Status.BEZWAAR
    tlv = Tlv.objects.get(aanvraag=a)
    assert tlv.einddatum.month == 7 and tlv.einddatum.day == 31
    assert a.beschikkingen.count() == 1
    assert dt.date.today() >= tlv.afgegeven_op

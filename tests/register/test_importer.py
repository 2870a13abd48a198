"""The register import on the real public files: counts, idempotence, updates in place, all-or-nothing."""

import csv
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from passend.register.importer import (
    CENTROIDE_BESTAND,
    REGIO_BESTAND,
    SCHOLEN_BESTAND,
    ImportFout,
    import_register,
)
from passend.register.models import Gemeente, Postcodegebied, Samenwerkingsverband, School, Soort


@pytest.fixture
def data_copy(tmp_path):
    for name in (SCHOLEN_BESTAND, REGIO_BESTAND, CENTROIDE_BESTAND):
        shutil.copy(settings.DATA_DIR / name, tmp_path / name)
    return tmp_path


def _rewrite(path, change):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def test_real_register_counts(register_real):
    assert School.objects.count() == 8622
    assert Samenwerkingsverband.objects.filter(sector="PO").count() == 76
    assert Samenwerkingsverband.objects.filter(sector="VO").count() == 74
    assert Postcodegebied.objects.count() >= 4046
    counts = {s: School.objects.filter(soort=s).count() for s in Soort.values}
    assert counts == {"BAO": 6115, "SBO": 266, "SO": 111, "VSO": 83, "SO/VSO": 428, "VO": 1619}
    # A real school, with its address, coordinates, pupil count and region.
    s = School.objects.get(vestigingscode="00AP00")
    assert s.naam == "WereldWijs" and s.plaats == "Zoetermeer" and s.leerlingen == 97
    assert abs(s.lat - 52.059985) < 1e-6
    assert s.regio_swv_po.code == Postcodegebied.objects.get(pc4="2716").swv_po.code


def test_second_run_changes_nothing(register_real):
    result = import_register()
    for soort, a in result.aantallen.items():
        assert a["nieuw"] == 0 and a["bijgewerkt"] == 0, soort


def test_newer_file_updates_in_place(register_real, data_copy):
    before = School.objects.get(vestigingscode="00AP00")

    def rename(rows):
        header = rows[0]
        for row in rows[1:]:
            if row[0] == "00AP00":
                row[header.index("naam")] = "WereldWijs Kindcentrum"
                row[header.index("leerlingen")] = "120"

    _rewrite(data_copy / SCHOLEN_BESTAND, rename)
    result = import_register(data_copy)
    after = School.objects.get(vestigingscode="00AP00")
    assert after.pk == before.pk
    assert (after.naam, after.leerlingen) == ("WereldWijs Kindcentrum", 120)
    assert result.aantallen["scholen"]["bijgewerkt"] == 1
    assert School.objects.count() == 8622


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("vestigingscode", "XX", "vestigingscode 'XX' is ongeldig"),
        ("sector", "HBO", "soort 'HBO' is onbekend"),
        ("postcode", "12345", "postcode '12345' is ongeldig"),
        ("leerlingen", "veel", "leerlingen 'veel' is geen geheel getal"),
        ("lat", "noord", "lat 'noord' is geen getal"),
    ],
)
def test_malformed_school_line_imports_nothing(db, data_copy, column, value, reason):
    def spoil(rows):
        rows[101][rows[0].index(column)] = value

    _rewrite(data_copy / SCHOLEN_BESTAND, spoil)
    with pytest.raises(ImportFout) as err:
        import_register(data_copy)
    assert f"{SCHOLEN_BESTAND}, regel 102: {reason}" in str(err.value)
    assert School.objects.count() == 0
    assert Samenwerkingsverband.objects.count() == 0
    assert Gemeente.objects.count() == 0


def test_malformed_update_leaves_previous_register_untouched(register_real, data_copy):
    def spoil(rows):
        rows[5][rows[0].index("naam")] = "Gewijzigd"
        rows[-1][rows[0].index("sector")] = "???"

    _rewrite(data_copy / SCHOLEN_BESTAND, spoil)
    with pytest.raises(ImportFout):
        import_register(data_copy)
    assert not School.objects.filter(naam="Gewijzigd").exists()


def test_missing_column_and_bad_region_code(db, data_copy):
    _rewrite(data_copy / REGIO_BESTAND, lambda rows: rows[3].__setitem__(2, "PO27"))
    with pytest.raises(ImportFout) as err:
        import_register(data_copy)
    assert f"{REGIO_BESTAND}, regel 4: swv_po 'PO27' is geen geldige SWV-code" in str(err.value)

    _rewrite(data_copy / CENTROIDE_BESTAND, lambda rows: rows[0].__setitem__(1, "breedte"))
    with pytest.raises(ImportFout) as err:
        import_register(data_copy)
    assert "kolom(men) ontbreken: lat" in str(err.value)


def test_command_reports_counts_and_refuses_bad_files(db, data_copy, capsys):
    call_command("import_register", "--map", str(data_copy))
    out = capsys.readouterr().out
    assert "8622 nieuw" in out
    (data_copy / SCHOLEN_BESTAND).write_text("vestigingscode,naam\n00AP00,x\n", encoding="utf-8")
    with pytest.raises(CommandError) as err:
        call_command("import_register", "--map", str(data_copy))
    assert "er is niets gewijzigd" in str(err.value)
    assert "kolom(men) ontbreken" in str(err.value)


def test_school_belongs_to_swv_by_postcode_of_address(register_real):
    from passend.register.models import samenwerkingsverband_van_school

    bao = School.objects.filter(soort=Soort.BAO, postcode__startswith="8011").first()
    assert bao.regio_swv_po.code == "PO2305"
    assert samenwerkingsverband_van_school(bao.soort, bao.regio_swv_po_id, bao.regio_swv_vo_id) == bao.regio_swv_po_id
    so = School.objects.filter(soort=Soort.SO_VSO).first()
    assert samenwerkingsverband_van_school(so.soort, so.regio_swv_po_id, so.regio_swv_vo_id) is None

"""Build (or reuse) the national-scale benchmark data set in the bench database.

The real register (all DUO schools, all SWV's) through the normal importer and users through the ORM; then
pupils, school histories, parents and audit rows, millions of rows, written in large batches inside
transactions. Everything random comes from one random.Random(seed), in a fixed order, so the same
parameters give the same data.

The big tables are written as plain rows with executemany (`Rows`) rather than model instances with
bulk_create: same effect (no save(), no signals) but about five times faster, because Django's per-value
SQL compilation was most of the time. So Leerling.zoeknaam is computed here, values are given in SQLite's
storage form (dates as ISO text, datetimes as naive UTC text, JSON as text), and no audit rows are written
for the generated records (the audit rows are generated themselves).
"""

import bisect
import datetime as dt
import json
import random
import time
from array import array
from itertools import accumulate
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Max

from passend.accounts.models import Rol, Roltoekenning, User
from passend.audit.models import AuditEvent
from passend.opp.models import Opp, OppVersie
from passend.register.importer import import_register
from passend.register.models import (
    Gemeente,
    Inschrijving,
    Leerling,
    Ouder,
    OuderKind,
    Postcodegebied,
    Samenwerkingsverband,
    School,
    Sector,
    Soort,
)
from passend.thuiszitters.models import Actie, Contact, Melding
from passend.thuiszitters.regels import leeftijd
from passend.toewijzing.models import Aanvraag, Arrangement, Besluit, Gebeurtenis, Tlv
from passend.zorgplicht.models import Aanmelding

from .names import ACHTERNAMEN, VOORNAMEN_JONGEN, VOORNAMEN_MEISJE, VOORNAMEN_VOLWASSEN

# Bump LOADER_VERSION when the generated data changes shape: an existing database is then rebuilt.
LOADER_VERSION = 4
DEFAULT_PARAMS = {
    "loader_version": LOADER_VERSION,
    "seed": 20261128,
    "leerlingen": 300_000,
    "audit": 1_000_000,
    # Share of pupils with a request to the SWV (arrangement, TLV, verlenging, advies) in the last two years.
    "aanvragen_aandeel": 0.04,
    # Share of pupils with a written aanmelding in the last year, and with an OPP.
    "aanmeldingen_aandeel": 0.02,
    "opp_aandeel": 0.03,
    # Share of pupils with a thuiszittersmelding (open or closed) in the last two and a half years.
    "thuiszitters_aandeel": 0.005,
}
BENCH_PASSWORD = "Bench-wachtwoord-2026"
# Fixed reference date: ages and school histories are computed from it, not from today (determinism).
REF = dt.date(2026, 10, 1)
REF_TS = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)
AUDIT_SPAN_SECONDS = 2 * 365 * 24 * 3600
PUPIL_CHUNK = 25_000
AUDIT_CHUNK = 50_000
HANDFUL = 5  # SWV's that get a full set of login users (medewerker, school, ouder)


class Clock:
    def __init__(self):
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def log(self, msg: str) -> None:
        print(f"  [{self.elapsed():7.1f}s] {msg}", flush=True)


def marker_path(db_path: Path) -> Path:
    return db_path.with_suffix(".json")


def read_marker(db_path: Path) -> dict | None:
    p = marker_path(db_path)
    if not db_path.exists() or not p.exists():
        return None
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None


def remove_database(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    marker_path(db_path).unlink(missing_ok=True)


def dataset_counts() -> dict:
    return {
        "samenwerkingsverbanden": Samenwerkingsverband.objects.count(),
        "scholen": School.objects.count(),
        "leerlingen": Leerling.objects.count(),
        "inschrijvingen": Inschrijving.objects.count(),
        "ouders": Ouder.objects.count(),
        "ouderkind": OuderKind.objects.count(),
        "aanvragen": Aanvraag.objects.count(),
        "tlvs": Tlv.objects.count(),
        "aanmeldingen": Aanmelding.objects.count(),
        "opps": Opp.objects.count(),
        "thuiszittersmeldingen": Melding.objects.count(),
        "auditregels": AuditEvent.objects.count(),
        "gebruikers": User.objects.count(),
    }


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _largest_remainder(total: int, weights: dict) -> dict:
    s = sum(weights.values())
    exact = {k: total * w / s for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    rest = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[:rest]:
        out[k] += 1
    return out


class Rows:
    """Rows for one table, written with executemany in the column order given (must be every column)."""

    def __init__(self, model, columns: list[str]):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__}: unknown columns {unknown}")
        missing = [f for name, f in fields.items() if name not in columns]
        # A column added to the model later gets its default (one value for all rows), in storage form.
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in missing)
        qn = connection.ops.quote_name
        cols = [fields[c].column for c in columns] + [f.column for f in missing]
        self.sql = (f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in cols)}) "
                    f"VALUES ({', '.join(['%s'] * len(cols))})")
        self.rows = []

    def add(self, *values) -> None:
        self.rows.append(values + self.defaults if self.defaults else values)

    def __len__(self):
        return len(self.rows)

    def flush(self) -> None:
        """Write the rows (call inside a transaction)."""
        if self.rows:
            with connection.cursor() as c:
                c.executemany(self.sql, self.rows)
            self.rows.clear()


def _ts(t: dt.datetime) -> str:
    """An aware datetime as Django stores it in SQLite: naive UTC text."""
    return t.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class Builder:
    def __init__(self, params: dict, clock: Clock):
        self.p = params
        self.rng = random.Random(params["seed"])
        self.clock = clock

    # -- schools per SWV ---------------------------------------------------------------------------------
    def _schools_per_swv(self):
        """{swv_id: (sector, [school_id], [cumulative weight], total DUO pupils, biggest school id)}"""
        swvs = {s.pk: s for s in Samenwerkingsverband.objects.order_by("code")}
        per = {pk: [] for pk in swvs}
        rows = School.objects.order_by("pk").values_list(
            "pk", "soort", "leerlingen", "regio_swv_po_id", "regio_swv_vo_id"
        )
        for pk, soort, n, po, vo in rows:
            if soort in (Soort.BAO, Soort.SBO) and po in per and swvs[po].sector == Sector.PO:
                per[po].append((pk, n or 0))
            elif soort == Soort.VO and vo in per and swvs[vo].sector == Sector.VO:
                per[vo].append((pk, n or 0))
        out = {}
        for swv_id, scholen in per.items():
            if not scholen:
                continue
            ids = [s for s, _ in scholen]
            # A school without a DUO count still gets a few pupils.
            cum = list(accumulate(max(n, 10) for _, n in scholen))
            biggest = max(scholen, key=lambda t: (t[1], -t[0]))[0]
            out[swv_id] = (swvs[swv_id].sector, ids, cum, sum(n for _, n in scholen), biggest)
        return swvs, out

    def _postcodes_per_swv(self, swvs):
        per = {pk: [] for pk in swvs}
        for pc4, po, vo in Postcodegebied.objects.order_by("pc4").values_list("pc4", "swv_po_id", "swv_vo_id"):
            if po in per:
                per[po].append(pc4)
            if vo in per:
                per[vo].append(pc4)
        return per

    # -- pupils ------------------------------------------------------------------------------------------
    def build_pupils(self):
        rng, clock = self.rng, self.clock
        swvs, schools = self._schools_per_swv()
        postcodes = self._postcodes_per_swv(swvs)
        verdeling = _largest_remainder(self.p["leerlingen"], {k: v[3] or 1 for k, v in schools.items()})
        clock.log(f"{len(verdeling)} SWV's met scholen; {self.p['leerlingen']:,} leerlingen naar DUO-aantallen verdeeld")
        self.swvs, self.schools, self.verdeling = swvs, schools, verdeling

        lid, iid, oid, okid = (_next_id(m) for m in (Leerling, Inschrijving, Ouder, OuderKind))
        self.pupil_ids = array("q")
        self.pupil_swv = array("q")
        self.pupil_first_insch = array("q")
        self.pupil_n_insch = array("b")
        self.first_pupil_of_swv = {}
        self.ouder_of_pupil = {}
        tables = [
            Rows(Leerling, ["id", "swv_id", "voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "postcode",
                            "huisnummer", "bsn_hash", "zoeknaam", "aangemaakt"]),
            Rows(Inschrijving, ["id", "leerling_id", "school_id", "begindatum", "einddatum"]),
            Rows(Ouder, ["id", "swv_id", "voornaam", "achternaam", "email", "telefoon", "user_id"]),
            Rows(OuderKind, ["id", "ouder_id", "leerling_id", "relatie", "heeft_gezag"]),
        ]
        leerlingen, inschrijvingen, ouders, ouderkind = tables
        letters = "ABCDEFGHJKLMNPRSTVWXZ"
        aangemaakt_base = dt.datetime(2022, 8, 1, 8, 0, tzinfo=dt.UTC)
        relaties = list(OuderKind.Relatie.values)

        def flush():
            with transaction.atomic():
                for t in tables:
                    t.flush()

        for swv_id in sorted(verdeling, key=lambda k: swvs[k].code):
            n = verdeling[swv_id]
            sector, ids, cum, _, _ = schools[swv_id]
            total = cum[-1]
            pcs = postcodes.get(swv_id) or ["1000"]
            self.first_pupil_of_swv[swv_id] = lid
            po = sector == Sector.PO
            # PO: 4-12 years old on REF; VO: 12-18.
            min_age, max_age = (4, 12) if po else (12, 18)
            oudste = _add_years(REF, -(max_age + 1)) + dt.timedelta(days=1)
            jongste = _add_years(REF, -min_age)
            for _ in range(n):
                meisje = rng.random() < 0.49
                voornaam = rng.choice(VOORNAMEN_MEISJE if meisje else VOORNAMEN_JONGEN)
                tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
                geboorte = oudste + dt.timedelta(days=rng.randrange((jongste - oudste).days + 1))
                start = _add_years(geboorte, 4) if po else dt.date(geboorte.year + 12, 8, 20)
                start = max(start, dt.date(2008, 8, 1))
                k = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
                span = (REF - start).days - 60
                if span < 120:
                    k = 1
                begins = [start] + sorted(start + dt.timedelta(days=30 + d) for d in rng.sample(range(span), k - 1))
                leerlingen.add(
                    lid, swv_id, voornaam, tussenvoegsel, achternaam, geboorte.isoformat(),
                    rng.choice(pcs) + rng.choice(letters) + rng.choice(letters), str(rng.randint(1, 250)), "",
                    " ".join([voornaam, tussenvoegsel, achternaam]).casefold(),
                    _ts(aangemaakt_base + dt.timedelta(seconds=rng.randrange(4 * 365 * 24 * 3600))),
                )
                self.pupil_ids.append(lid)
                self.pupil_swv.append(swv_id)
                self.pupil_first_insch.append(iid)
                self.pupil_n_insch.append(k)
                for j, begin in enumerate(begins):
                    school_id = ids[bisect.bisect_right(cum, rng.random() * total)]
                    einde = (begins[j + 1] - dt.timedelta(days=1)).isoformat() if j + 1 < k else None
                    inschrijvingen.add(iid, lid, school_id, begin.isoformat(), einde)
                    iid += 1
                n_ouders = 1 if rng.random() < 0.4 else 2  # 1.6 on average
                for j in range(n_ouders):
                    eigen = j == 0 or rng.random() < 0.7
                    ouders.add(
                        oid, swv_id, rng.choice(VOORNAMEN_VOLWASSEN),
                        (" ".join(p for p in (tussenvoegsel, achternaam) if p) if eigen
                         else " ".join(p for p in rng.choice(ACHTERNAMEN) if p)),
                        f"ouder{oid}@example.org", f"06-{rng.randrange(10**8):08d}", None,
                    )
                    ouderkind.add(
                        okid, oid, lid,
                        ("moeder", "vader")[j] if n_ouders == 2 else rng.choice(relaties),
                        rng.random() < 0.97,
                    )
                    self.ouder_of_pupil.setdefault(lid, oid)
                    oid += 1
                    okid += 1
                lid += 1
                if len(leerlingen) >= PUPIL_CHUNK:
                    flush()
                    clock.log(f"leerlingen {len(self.pupil_ids):>9,} / {self.p['leerlingen']:,}  (+inschrijvingen, ouders)")
        flush()
        clock.log(f"leerlingen klaar: {len(self.pupil_ids):,}")

    # -- users -------------------------------------------------------------------------------------------
    def build_users(self):
        """One medewerker for every SWV (they appear in the audit trail); for a handful of SWV's also login
        users: a medewerker, a school user bound to the SWV's biggest school, and an ouder of one pupil."""
        clock = self.clock
        wachtwoord = make_password(BENCH_PASSWORD)
        swvs, schools = self.swvs, self.schools
        # The handful: the two biggest PO, the biggest VO, and two middle-sized SWV's.
        by_size = sorted(schools, key=lambda k: (-self.verdeling[k], swvs[k].code))
        po = [k for k in by_size if swvs[k].sector == Sector.PO]
        vo = [k for k in by_size if swvs[k].sector == Sector.VO]
        handful = [po[0], po[1], vo[0], po[len(po) // 2], vo[len(vo) // 2]][:HANDFUL]
        self.staff_per_swv = {}
        logins = []
        for swv_id in sorted(schools, key=lambda k: swvs[k].code):
            code = swvs[swv_id].code
            u = User.objects.create(username=f"medewerker-{code.lower()}", first_name="Medewerker", last_name=code,
                                    email=f"medewerker-{code.lower()}@example.org", password=wachtwoord)
            Roltoekenning.objects.create(user=u, rol=Rol.SWV_MEDEWERKER, swv_id=swv_id, functie="Consulent")
            self.staff_per_swv[swv_id] = [(u.pk, u.username, Rol.SWV_MEDEWERKER.value)]
        for swv_id in handful:
            code = swvs[swv_id].code.lower()
            school_id = schools[swv_id][4]
            school_user = User.objects.create(username=f"school-{code}", first_name="IB'er", last_name=code,
                                              email=f"school-{code}@example.org", password=wachtwoord)
            r = Roltoekenning.objects.create(user=school_user, rol=Rol.SCHOOL, swv_id=swv_id, functie="IB'er")
            r.scholen.set([school_id])
            self.staff_per_swv[swv_id].append((school_user.pk, school_user.username, Rol.SCHOOL.value))
            ouder_user = User.objects.create(username=f"ouder-{code}", first_name="Ouder", last_name=code,
                                             email=f"ouder-{code}@example.org", password=wachtwoord)
            Roltoekenning.objects.create(user=ouder_user, rol=Rol.OUDER, swv_id=swv_id)
            first = self.first_pupil_of_swv[swv_id]
            Ouder.objects.filter(pk=self.ouder_of_pupil[first]).update(user=ouder_user)
            logins.append({
                "swv_id": swv_id, "swv": swvs[swv_id].code, "sector": swvs[swv_id].sector,
                "leerlingen": self.verdeling[swv_id],
                "medewerker": f"medewerker-{code}", "school": school_user.username, "school_id": school_id,
                "ouder": ouder_user.username, "ouder_leerling_id": first,
            })
        self.logins = logins
        clock.log(f"gebruikers: {User.objects.count()} (inlog-sets voor {', '.join(x['swv'] for x in logins)})")

    # -- toewijzing ------------------------------------------------------------------------------------------
    def build_toewijzing(self):
        """Requests for a share of the pupils, spread over types and states as an SWV sees them over two school
        years, with the decision, the TLV or arrangement it made, and three timeline steps each. Ordered by SWV,
        so each SWV's requests have consecutive ids (the detail endpoint picks one at random)."""
        rng, clock = self.rng, self.clock
        n_pupils = len(self.pupil_ids)
        gekozen = sorted(rng.sample(range(n_pupils), int(n_pupils * self.p["aanvragen_aandeel"])),
                         key=lambda i: (self.swvs[self.pupil_swv[i]].code, i))
        laatste_insch = [self.pupil_first_insch[i] + self.pupil_n_insch[i] - 1 for i in gekozen]
        school_van = {}
        for k in range(0, len(laatste_insch), 5000):
            school_van.update(Inschrijving.objects.filter(pk__in=laatste_insch[k:k + 5000]).values_list("pk", "school_id"))
        aid, bid, tid, gid, arid = (_next_id(m) for m in (Aanvraag, Besluit, Tlv, Gebeurtenis, Arrangement))
        aanvragen = Rows(Aanvraag, ["id", "swv_id", "leerling_id", "school_id", "nummer", "soort", "status", "tlv_soort",
                                    "categorie", "vraag", "al_gedaan", "zienswijze_leerling", "zienswijze_ouders_school",
                                    "consulent_id", "aangemaakt", "ingediend_op", "besloten_op", "afgesloten_op"])
        besluiten = Rows(Besluit, ["id", "aanvraag_id", "uitkomst", "motivering", "datum", "genomen_door_id", "tlv_soort",
                                   "categorie", "begindatum", "einddatum", "herzien_op_bezwaar"])
        tlvs = Rows(Tlv, ["id", "swv_id", "leerling_id", "aanvraag_id", "nummer", "soort", "categorie", "emb",
                          "begindatum", "einddatum", "afgegeven_op", "aanvragende_school_id", "vervangt_id",
                          "ingetrokken_op", "intrekkingsreden"])
        gebeurtenissen = Rows(Gebeurtenis, ["id", "aanvraag_id", "leerling_id", "tijdstip", "user_id", "rol", "transitie",
                                            "van_status", "naar_status", "tekst", "toelichting", "voor_ouders"])
        arrangementen = Rows(Arrangement, ["id", "swv_id", "leerling_id", "aanvraag_id", "school_id", "doel", "vorm", "uren",
                                           "bedrag", "begindatum", "einddatum", "aanbieder", "beeindigd_op"])
        tables = [aanvragen, besluiten, tlvs, gebeurtenissen, arrangementen]
        soorten, soort_w = ("tlv", "arrangement", "verlenging", "advies"), (45, 35, 12, 8)
        statussen = ("concept", "ingediend", "in_behandeling", "advies_gevraagd", "besloten", "afgesloten", "bezwaar",
                     "ingetrokken")
        status_w = (8, 6, 8, 6, 20, 44, 2, 6)
        tlv_soorten, tlv_w = ("sbo", "so", "vso", "pro"), (35, 35, 20, 10)
        nummers: dict[tuple[int, str], int] = {}
        self.aanvraag_bereik = {}
        for i, ll_index in enumerate(gekozen):
            pupil, swv_id = self.pupil_ids[ll_index], self.pupil_swv[ll_index]
            code = self.swvs[swv_id].code
            self.aanvraag_bereik.setdefault(swv_id, [aid, 0])[1] += 1
            school_id = school_van[laatste_insch[i]]
            consulent = self.staff_per_swv[swv_id][0][0]
            soort = rng.choices(soorten, weights=soort_w)[0]
            status = rng.choices(statussen, weights=status_w)[0]
            tlv_soort = rng.choices(tlv_soorten, weights=tlv_w)[0] if soort in ("tlv", "verlenging") else ""
            categorie = rng.choice(("laag", "laag", "laag", "midden", "hoog")) if tlv_soort in ("so", "vso") else ""
            aangemaakt = REF - dt.timedelta(days=rng.randrange(20, 730))
            ingediend = None if status == "concept" else aangemaakt + dt.timedelta(days=rng.randrange(1, 20))
            besloten = None
            if status in ("besloten", "afgesloten", "bezwaar"):
                besloten = min(ingediend + dt.timedelta(days=int(rng.triangular(10, 90, 40))), REF)
            afgesloten = besloten + dt.timedelta(days=45) if status == "afgesloten" else None
            jaar = aangemaakt.year
            nummers[(swv_id, jaar)] = nummers.get((swv_id, jaar), 0) + 1
            aanvragen.add(
                aid, swv_id, pupil, school_id, f"AV-{code}-{jaar}-{nummers[(swv_id, jaar)]:05d}", soort, status,
                tlv_soort, categorie, "Wat heeft deze leerling nodig?", "Handelingsplan en extra begeleiding.",
                "Wil graag naar een kleinere groep.", "Ouders steunen de aanvraag.",
                consulent if status not in ("concept", "ingediend") else None,
                _ts(dt.datetime.combine(aangemaakt, dt.time(10), dt.UTC)),
                ingediend and ingediend.isoformat(), besloten and besloten.isoformat(),
                afgesloten and afgesloten.isoformat(),
            )
            stappen = [("", "concept", "Aanvraag geopend door de school", aangemaakt)]
            if ingediend:
                stappen.append(("indienen", "ingediend", "Indienen bij het samenwerkingsverband", ingediend))
            if besloten:
                stappen.append(("besluiten", "besloten", "Besluit nemen", besloten))
            for transitie, naar, tekst, dag in stappen:
                gebeurtenissen.add(gid, aid, pupil, _ts(dt.datetime.combine(dag, dt.time(11), dt.UTC)), consulent,
                                   "swv_medewerker", transitie, "", naar, tekst, "", True)
                gid += 1
            if besloten:
                toegekend = rng.random() < 0.85
                begin = besloten + dt.timedelta(days=7)
                einde = dt.date(begin.year + (1 if begin.month >= 8 else 0) + rng.choice((0, 0, 1)), 7, 31)
                besluiten.add(bid, aid, "toegekend" if toegekend else "afgewezen", "Onderbouwd met twee adviezen.",
                              besloten.isoformat(), consulent, tlv_soort if toegekend else "", categorie if toegekend else "",
                              begin.isoformat() if toegekend and tlv_soort else None,
                              einde.isoformat() if toegekend and tlv_soort else None, False)
                bid += 1
                if toegekend and tlv_soort:
                    nummers[(swv_id, -besloten.year)] = nummers.get((swv_id, -besloten.year), 0) + 1
                    tlvs.add(tid, swv_id, pupil, aid, f"{code}-{besloten.year}-{nummers[(swv_id, -besloten.year)]:05d}",
                             tlv_soort, categorie, False, begin.isoformat(), einde.isoformat(), besloten.isoformat(),
                             school_id, None, None, "")
                    tid += 1
                elif toegekend and soort == "arrangement":
                    arrangementen.add(arid, swv_id, pupil, aid, school_id, "Zelfstandig werken", "Ambulante begeleiding",
                                      str(rng.choice((20, 40, 60, 80))), f"{rng.randrange(1500, 9000)}.00", begin.isoformat(),
                                      einde.isoformat(), "Ambulante dienst SWV", None)
                    arid += 1
            aid += 1
            if len(aanvragen) >= 10_000:
                with transaction.atomic():
                    for t in tables:
                        t.flush()
        with transaction.atomic():
            for t in tables:
                t.flush()
        for login in self.logins:
            login["aanvraag_eerste"], login["aanvraag_aantal"] = self.aanvraag_bereik.get(login["swv_id"], [0, 0])
        clock.log(f"toewijzing: {Aanvraag.objects.count():,} aanvragen, {Tlv.objects.count():,} TLV's, "
                  f"{Arrangement.objects.count():,} arrangementen")

    # -- zorgplicht and OPP ------------------------------------------------------------------------------------
    def build_leerlingzorg(self):
        """Aanmeldingen (received over the last year, spread over the states) and OPP's (with one or two
        versions) for a share of the pupils, at their current school."""
        rng, clock = self.rng, self.clock
        n_pupils = len(self.pupil_ids)
        n_aanm = int(n_pupils * self.p["aanmeldingen_aandeel"])
        n_opp = int(n_pupils * self.p["opp_aandeel"])
        gekozen = rng.sample(range(n_pupils), n_aanm + n_opp)
        laatste = [self.pupil_first_insch[i] + self.pupil_n_insch[i] - 1 for i in gekozen]
        school_van = {}
        for k in range(0, len(laatste), 5000):
            school_van.update(Inschrijving.objects.filter(pk__in=laatste[k:k + 5000]).values_list("pk", "school_id"))
        aanm = Rows(Aanmelding, ["id", "swv_id", "leerling_id", "school_id", "ontvangen_op", "voorkeur",
                                 "extra_ondersteuning_verwacht", "status", "verlengd_op", "besloten_op",
                                 "met_extra_ondersteuning"])
        opps = Rows(Opp, ["id", "swv_id", "leerling_id", "school_id", "aanleiding", "aanleiding_datum"])
        versies = Rows(OppVersie, ["id", "opp_id", "nummer", "status", "uitstroombestemming", "onderbouwing",
                                   "belemmerende_factoren", "bevorderende_factoren", "ondersteuning", "doelen",
                                   "zienswijze_leerling", "oogo_op", "vastgesteld_op"])
        aid, oid, vid = (_next_id(m) for m in (Aanmelding, Opp, OppVersie))
        statussen = ("ontvangen", "verlengd", "toegelaten", "elders_geplaatst", "geweigerd", "ingetrokken")
        status_w = (15, 5, 60, 8, 4, 8)
        for j, i in enumerate(gekozen):
            pupil, swv_id, school_id = self.pupil_ids[i], self.pupil_swv[i], school_van[laatste[j]]
            if j < n_aanm:
                ontvangen = REF - dt.timedelta(days=rng.randrange(0, 365))
                status = rng.choices(statussen, weights=status_w)[0]
                open_ = status in ("ontvangen", "verlengd")
                besloten = None if open_ else min(ontvangen + dt.timedelta(days=rng.randrange(5, 80)), REF)
                aanm.add(aid, swv_id, pupil, school_id, ontvangen.isoformat(), rng.choice((1, 1, 1, 2)),
                         rng.random() < 0.4, status,
                         (ontvangen + dt.timedelta(days=30)).isoformat() if status == "verlengd" else None,
                         besloten and besloten.isoformat(), True if status == "toegelaten" and rng.random() < 0.3 else None)
                aid += 1
            else:
                start = REF - dt.timedelta(days=rng.randrange(0, 900))
                opps.add(oid, swv_id, pupil, school_id, "inschrijving", start.isoformat())
                n_versies = rng.choice((1, 1, 2))
                for nummer in range(1, n_versies + 1):
                    vast = rng.random() < 0.85 or nummer < n_versies
                    gezet = start + dt.timedelta(days=rng.randrange(10, 60) + 300 * (nummer - 1))
                    versies.add(vid, oid, nummer, "vastgesteld" if vast else "concept", "vmbo_kb", "Onderbouwing.",
                                "Concentratie.", "Motivatie.", "Extra instructie in een kleine groep.", "Zelfstandig werken.",
                                "Wil graag meer rust.", gezet.isoformat(), gezet.isoformat() if vast else None)
                    vid += 1
                oid += 1
            if len(aanm) + len(opps) >= 10_000:
                with transaction.atomic():
                    for t in (aanm, opps, versies):
                        t.flush()
        with transaction.atomic():
            for t in (aanm, opps, versies):
                t.flush()
        clock.log(f"leerlingzorg: {Aanmelding.objects.count():,} aanmeldingen, {Opp.objects.count():,} OPP's")

    # -- thuiszitters ----------------------------------------------------------------------------------------
    def build_thuiszitters(self):
        """Thuiszittersmeldingen for a share of the pupils (started over the last two and a half years; about
        four in ten closed, with an outcome), spread over the categories as SWV registers show them, each with
        a few actions of the plan of approach and a few contacts. Ordered by SWV, so each SWV's cases have
        consecutive ids (the case endpoint picks one at random). For the handful of SWV's: a leerplicht user
        bound to the gemeente with the most cases of that SWV."""
        rng, clock = self.rng, self.clock
        n_pupils = len(self.pupil_ids)
        gekozen = sorted(rng.sample(range(n_pupils), int(n_pupils * self.p["thuiszitters_aandeel"])),
                         key=lambda i: (self.swvs[self.pupil_swv[i]].code, i))
        laatste = [self.pupil_first_insch[i] + self.pupil_n_insch[i] - 1 for i in gekozen]
        school_van, leerling_van = {}, {}
        for k in range(0, len(gekozen), 5000):
            school_van.update(Inschrijving.objects.filter(pk__in=laatste[k:k + 5000]).values_list("pk", "school_id"))
            leerling_van.update((pk, (geb, pc)) for pk, geb, pc in Leerling.objects.filter(
                pk__in=[self.pupil_ids[i] for i in gekozen[k:k + 5000]]).values_list("pk", "geboortedatum", "postcode"))
        scholen = {pk: (soort, gem) for pk, soort, gem in School.objects.filter(pk__in=set(school_van.values()))
                   .values_list("pk", "soort", "gemeente_id")}
        gemeente_pc4 = dict(Postcodegebied.objects.filter(gemeente__isnull=False).values_list("pc4", "gemeente_id"))

        meldingen = Rows(Melding, ["id", "swv_id", "nummer", "leerling_id", "categorie", "startdatum", "uren_onderwijs",
                                   "redenen", "reden_anders", "partijen", "school_id", "gemeente_id", "casushouder_id",
                                   "toelichting", "leeftijd_bij_start", "schoolsoort", "tafel_op", "einddatum",
                                   "uitkomst", "uitkomst_school_id", "uitkomst_uren", "uitkomst_toelichting",
                                   "geanonimiseerd_op", "gemeld_door_id", "gemeld_door_rol", "aangemaakt"])
        acties = Rows(Actie, ["id", "melding_id", "omschrijving", "eigenaar", "partij", "uiterlijk", "gedaan_op",
                              "aangemaakt_door_id", "aangemaakt"])
        contacten = Rows(Contact, ["id", "melding_id", "datum", "soort", "partij", "verslag", "user_id", "rol",
                                   "tijdstip"])
        tables = (meldingen, acties, contacten)
        mid, aid, cid = (_next_id(m) for m in (Melding, Actie, Contact))
        categorieen = ("relatief", "absoluut", "dreigend", "vrijstelling_5a", "vrijstelling_5b", "vrijstelling_5c",
                       "vrijstelling_art5a", "vrijstelling_11g", "vrijstelling_15")
        categorie_w = (40, 10, 15, 15, 3, 3, 2, 5, 7)
        redenen = ("geen_aanbod", "wachtlijst", "psychisch", "gedrag", "ass", "schoolangst", "lichamelijk",
                   "thuissituatie", "conflict", "wachten_zorg")
        uitkomsten, uitkomst_w = ("terug_op_school", "ander_onderwijs", "zorg", "verhuisd", "vrijstelling"), \
            (45, 25, 15, 5, 10)
        soorten = ("gesprek", "telefoon", "huisbezoek", "overleg")
        partijen = ("school", "swv", "leerplicht", "jeugdhulp")
        nummers: dict[tuple[int, int], int] = {}
        self.melding_bereik, per_gemeente = {}, {}
        for j, i in enumerate(gekozen):
            pupil, swv_id = self.pupil_ids[i], self.pupil_swv[i]
            code = self.swvs[swv_id].code
            user_id = self.staff_per_swv[swv_id][0][0]
            self.melding_bereik.setdefault(swv_id, [mid, 0])[1] += 1
            geboorte, postcode = leerling_van[pupil]
            categorie = rng.choices(categorieen, weights=categorie_w)[0]
            school_id = None if categorie == "absoluut" else school_van[laatste[j]]
            soort, school_gemeente = scholen[school_van[laatste[j]]]
            gemeente_id = gemeente_pc4.get((postcode or "")[:4]) or school_gemeente
            if gemeente_id is not None:
                telling = per_gemeente.setdefault(swv_id, {})
                telling[gemeente_id] = telling.get(gemeente_id, 0) + 1
            start = REF - dt.timedelta(days=rng.randrange(3, 900))
            gesloten = rng.random() < 0.4 and (REF - start).days > 20
            eind = min(start + dt.timedelta(days=rng.randrange(14, 400)), REF) if gesloten else None
            uitkomst = rng.choices(uitkomsten, weights=uitkomst_w)[0] if gesloten else ""
            terug = uitkomst == "terug_op_school"
            tafel = start + dt.timedelta(weeks=8) if rng.random() < 0.2 else None
            if tafel is not None and tafel > (eind or REF):
                tafel = None
            nummers[(swv_id, start.year)] = nummers.get((swv_id, start.year), 0) + 1
            meldingen.add(
                mid, swv_id, f"TZ-{code}-{start.year}-{nummers[(swv_id, start.year)]:04d}", pupil, categorie,
                start.isoformat(), rng.choice(("0", "0", "0", "2.5", "4", "8")),
                json.dumps(rng.sample(redenen, rng.choice((1, 1, 2, 3)))), "",
                json.dumps(sorted(rng.sample(partijen, rng.choice((1, 2, 3))))), school_id, gemeente_id, user_id,
                "Leerling krijgt geen of te weinig onderwijs; plan van aanpak in overleg met ouders.",
                leeftijd(geboorte, start),
                "" if school_id is None else soort, tafel and tafel.isoformat(), eind and eind.isoformat(), uitkomst,
                school_van[laatste[j]] if terug else None, rng.choice(("12", "20", "24")) if terug else None,
                "" if terug or not gesloten else "Zie het verloop.", None, user_id, Rol.SWV_MEDEWERKER.value,
                _ts(dt.datetime.combine(start + dt.timedelta(days=rng.randrange(0, 10)), dt.time(9), dt.UTC)),
            )
            tot = eind or REF
            contacten.add(cid, mid, start.isoformat(), "stap", "", "Gemeld door het samenwerkingsverband.", user_id,
                          Rol.SWV_MEDEWERKER.value, _ts(dt.datetime.combine(start, dt.time(9), dt.UTC)))
            cid += 1
            for _ in range(rng.choice((1, 2, 3, 4, 5))):
                dag = start + dt.timedelta(days=rng.randrange(max((tot - start).days, 1)))
                contacten.add(cid, mid, dag.isoformat(), rng.choice(soorten), rng.choice(partijen),
                              "Gesprek over de terugkeer naar onderwijs; afspraken vastgelegd.", user_id,
                              Rol.SWV_MEDEWERKER.value, _ts(dt.datetime.combine(dag, dt.time(14), dt.UTC)))
                cid += 1
            # A quarter of the cases has no plan of approach yet (escalation to the thuiszittersoverleg).
            for _ in range(0 if rng.random() < 0.25 else rng.choice((1, 2, 3, 4))):
                uiterlijk = start + dt.timedelta(days=rng.randrange(14, 120))
                gedaan = gesloten or (uiterlijk < REF and rng.random() < 0.6)
                acties.add(aid, mid, "Gesprek met ouders, school en jeugdhulp", "Consulent SWV", rng.choice(partijen),
                           uiterlijk.isoformat(), (min(uiterlijk, tot)).isoformat() if gedaan else None, user_id,
                           _ts(dt.datetime.combine(start, dt.time(10), dt.UTC)))
                aid += 1
            mid += 1
            if len(meldingen) >= 5000:
                with transaction.atomic():
                    for t in tables:
                        t.flush()
        with transaction.atomic():
            for t in tables:
                t.flush()
        wachtwoord = make_password(BENCH_PASSWORD)
        for login in self.logins:
            swv_id = login["swv_id"]
            login["melding_eerste"], login["melding_aantal"] = self.melding_bereik.get(swv_id, [0, 0])
            telling = per_gemeente.get(swv_id) or {}
            gemeente_id = max(telling, key=lambda g: (telling[g], -g)) if telling else None
            if gemeente_id is None:
                continue
            code = login["swv"].lower()
            u = User.objects.create(username=f"leerplicht-{code}", first_name="Leerplicht", last_name=code,
                                    email=f"leerplicht-{code}@example.org", password=wachtwoord)
            Roltoekenning.objects.create(user=u, rol=Rol.LEERPLICHT, swv_id=swv_id, gemeente_id=gemeente_id,
                                         functie="Leerplichtambtenaar")
            login["leerplicht"], login["leerplicht_gemeente"] = u.username, Gemeente.objects.get(pk=gemeente_id).naam
            login["leerplicht_meldingen"] = telling[gemeente_id]
        clock.log(f"thuiszitters: {Melding.objects.count():,} meldingen ({Melding.objects.filter(einddatum__isnull=False).count():,} "
                  f"afgesloten), {Actie.objects.count():,} acties, {Contact.objects.count():,} contacten")

    # -- audit trail -------------------------------------------------------------------------------------
    def build_audit(self):
        rng, clock, total = self.rng, self.clock, self.p["audit"]
        n_pupils = len(self.pupil_ids)
        acties = ("view", "update", "create", "export", "view")
        actie_w = (55, 22, 15, 3, 5)
        velden_keuze = (["postcode", "huisnummer"], ["achternaam"], ["einddatum"], ["voornaam", "tussenvoegsel"],
                        ["email", "telefoon"], ["geboortedatum"])
        aid = _next_id(AuditEvent)
        rows = Rows(AuditEvent, ["id", "tijdstip", "user_id", "gebruikersnaam", "rol", "swv_id", "actie", "object_type",
                                 "object_id", "leerling_id", "velden", "ip", "omschrijving"])
        velden_json = [json.dumps(v) for v in velden_keuze]
        done = 0
        for _ in range(total):
            i = rng.randrange(n_pupils)
            pupil, swv_id = self.pupil_ids[i], self.pupil_swv[i]
            user_id, username, rol = rng.choice(self.staff_per_swv[swv_id])
            actie = rng.choices(acties, weights=actie_w)[0]
            if rng.random() < 0.75:
                object_type, object_id = "register.leerling", pupil
            else:
                object_type = "register.inschrijving"
                object_id = self.pupil_first_insch[i] + rng.randrange(self.pupil_n_insch[i])
            rows.add(
                aid, _ts(REF_TS - dt.timedelta(seconds=rng.randrange(AUDIT_SPAN_SECONDS))), user_id, username, rol,
                swv_id, actie, object_type, str(object_id), pupil,
                rng.choice(velden_json) if actie == "update" else "[]",
                f"192.0.2.{rng.randrange(1, 255)}", "",
            )
            aid += 1
            if len(rows) >= AUDIT_CHUNK:
                done += len(rows)
                with transaction.atomic():
                    rows.flush()
                if done % (4 * AUDIT_CHUNK) == 0 or done == total:
                    clock.log(f"auditregels {done:>9,} / {total:,}")
        if len(rows):
            done += len(rows)
            with transaction.atomic():
                rows.flush()
            clock.log(f"auditregels {done:>9,} / {total:,}")


def ensure_dataset(db_path: Path, params: dict, rebuild: bool = False) -> dict:
    """Return the marker of a data set built with `params`, building it first when needed."""
    marker = read_marker(db_path)
    if marker and marker.get("params") == params and not rebuild:
        print(f">> reusing data set {db_path} (built {marker['built_at']} in {marker['build_seconds']:.0f} s)")
        call_command("migrate", verbosity=0, interactive=False)  # new migrations (indexes) still apply
        return marker
    if db_path.exists():
        print(f">> parameters changed or rebuild asked: removing {db_path}")
        connection.close()
        remove_database(db_path)
    print(f">> building data set in {db_path} with {params}", flush=True)
    clock = Clock()
    call_command("migrate", verbosity=0, interactive=False)
    clock.log("migrate")
    with connection.cursor() as c:
        c.execute("PRAGMA cache_size=-400000")  # 400 MB page cache while loading
    import_register(settings.DATA_DIR)
    clock.log(f"register: {School.objects.count():,} scholen, {Samenwerkingsverband.objects.count()} SWV's")
    b = Builder(params, clock)
    b.build_pupils()
    b.build_users()
    b.build_toewijzing()
    b.build_leerlingzorg()
    b.build_thuiszitters()
    b.build_audit()
    with connection.cursor() as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    clock.log("checkpoint")
    counts = dataset_counts()
    marker = {
        "params": params,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "build_seconds": round(clock.elapsed(), 1),
        "counts": counts,
        "logins": b.logins,
        "password": BENCH_PASSWORD,
    }
    marker_path(db_path).write_text(json.dumps(marker, indent=2) + "\n")
    print(f">> data set built in {clock.elapsed():.0f} s: {counts}", flush=True)
    return marker

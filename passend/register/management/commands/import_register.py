from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passend.audit.context import Actor, acting_as
from passend.register.importer import ImportFout, import_register


class Command(BaseCommand):
    help = "Importeert of actualiseert het register (DUO-scholen, PC4-regio-indeling, PC4-centroïden). Alles of niets."

    def add_arguments(self, parser):
        parser.add_argument("--map", type=Path, default=None, help="Map met de CSV-bestanden (standaard: data/).")

    def handle(self, *args, **options):
        def progress(pct, tekst):
            if options["verbosity"] >= 1:
                self.stdout.write(f"[{pct:3d}%] {tekst}")

        try:
            with acting_as(Actor(gebruikersnaam="systeem: import-register")):
                resultaat = import_register(options["map"], progress=progress)
        except ImportFout as fout:
            raise CommandError("Import afgebroken, er is niets gewijzigd:\n" + str(fout)) from fout
        for w in resultaat.waarschuwingen:
            self.stdout.write(self.style.WARNING(f"Let op: {w}"))
        for soort, a in resultaat.aantallen.items():
            self.stdout.write(f"{soort:>24}: {a['nieuw']:>5} nieuw, {a['bijgewerkt']:>5} bijgewerkt, {a['ongewijzigd']:>5} ongewijzigd")

from django.core.management.base import BaseCommand

from passend.audit.context import Actor, acting_as
from passend.register.retention import bewaartermijn_jaren, verlopen_leerlingen, verwijder_verlopen


class Command(BaseCommand):
    help = (
        "Verwijdert leerlinggegevens waarvan de bewaartermijn (PASSEND_BEWAARTERMIJN_JAREN na de laatste "
        "uitschrijving) is verstreken. Zonder --uitvoeren wordt alleen geteld."
    )

    def add_arguments(self, parser):
        parser.add_argument("--uitvoeren", action="store_true", help="Echt verwijderen (anders alleen tellen).")

    def handle(self, *args, **options):
        jaren = bewaartermijn_jaren()
        if not options["uitvoeren"]:
            n = verlopen_leerlingen().count()
            self.stdout.write(f"{n} leerling(en) voorbij de bewaartermijn van {jaren} jaar. Gebruik --uitvoeren om te verwijderen.")
            return
        with acting_as(Actor(gebruikersnaam="systeem: bewaartermijn")):
            r = verwijder_verlopen()
        self.stdout.write(f"Verwijderd: {r['leerlingen']} leerling(en), {r['ouders']} ouder(s) (bewaartermijn {jaren} jaar).")

from django.core.management.base import BaseCommand

from passend.audit.context import Actor, acting_as
from passend.register.retention import bewaartermijn_jaren, verlopen_leerlingen, verwijder_verlopen
from passend.steunpunt import bewaren as steunpunt_bewaren


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
            s = {k: qs.count() for k, qs in steunpunt_bewaren.te_verwijderen().items()}
            self.stdout.write(f"Steunpunt: {s['abonnees']} onbevestigde abonnee(s), deelnemers van {s['activiteiten']} "
                              f"activiteit(en), {s['vragen']} gesloten helpdeskvra(a)g(en) voorbij hun termijn.")
            return
        with acting_as(Actor(gebruikersnaam="systeem: bewaartermijn")):
            r = verwijder_verlopen()
            s = steunpunt_bewaren.opschonen()
        self.stdout.write(f"Verwijderd: {r['leerlingen']} leerling(en), {r['ouders']} ouder(s) (bewaartermijn {jaren} jaar).")
        self.stdout.write(f"Steunpunt: {s['abonnees']} onbevestigde abonnee(s), {s['deelnemers']} deelnemer(s), "
                          f"{s['vragen']} helpdeskvra(a)g(en) verwijderd.")

from django.core.management.base import BaseCommand

from passend.audit.context import Actor, acting_as
from passend.demo.builder import build_demo


class Command(BaseCommand):
    help = "Bouwt de demo: SWV PO 23-05 (regio Zwolle) met echte scholen, verzonnen leerlingen en een gebruiker per rol."

    def handle(self, *args, **options):
        with acting_as(Actor(gebruikersnaam="systeem: demo")):
            r = build_demo(stdout=self.stdout)
        swv = r["swv"]
        self.stdout.write(
            f"Demo: {swv} — {r['scholen']} scholen in de regio, {r['leerlingen']} leerlingen"
            + (f" ({r['nieuw']} nieuw aangemaakt)" if r["nieuw"] else " (bestond al)")
        )
        self.stdout.write("Demo-logins (gebruikersnaam — rol):")
        for du, rol in r["users"]:
            self.stdout.write(f"  {du.username:<14} {rol.label}")
        from passend.accounts.models import Roltoekenning

        for rol in Roltoekenning.objects.filter(swv=swv, rol="leerling", user__username="leerling", actief=True):
            self.stdout.write(f"  {rol.user.username:<14} {rol.label} (een leerling met een eigen account)")
        if r["password_default"]:
            self.stdout.write(f"Wachtwoord voor alle demo-gebruikers: {r['password']}  (zet PASSEND_DEMO_PASSWORD om het te wijzigen)")
        else:
            self.stdout.write("Wachtwoord: de waarde van PASSEND_DEMO_PASSWORD.")

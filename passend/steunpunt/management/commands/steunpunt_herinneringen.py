from django.conf import settings
from django.core.management.base import BaseCommand

from passend.audit.context import Actor, acting_as
from passend.steunpunt import services


class Command(BaseCommand):
    help = (
        "Verstuurt de herinnering aan de geplaatste deelnemers van activiteiten van het Steunpunt die binnen "
        "PASSEND_STEUNPUNT_HERINNERING_DAGEN dagen beginnen; elke deelnemer krijgt er één. Draai dit dagelijks "
        "vanuit cron, bijvoorbeeld om 07:00: `0 7 * * * passend steunpunt_herinneringen`."
    )

    def handle(self, *args, **options):
        with acting_as(Actor(gebruikersnaam="systeem: herinneringen steunpunt")):
            n = services.herinneringen_versturen()
        dagen = settings.PASSEND_STEUNPUNT_HERINNERING_DAGEN
        if n == 1:
            self.stdout.write(f"1 herinnering verstuurd (activiteiten binnen {dagen} dagen).")
        else:
            self.stdout.write(f"{n} herinneringen verstuurd (activiteiten binnen {dagen} dagen).")

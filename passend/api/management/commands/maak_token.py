"""`passend maak_token <gebruikersnaam>`: create or show a user's API token, for another system to use."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Maakt de API-token van een gebruiker aan of toont de bestaande (Authorization: Token <sleutel>)."

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")
        parser.add_argument(
            "--vernieuw", action="store_true", help="Trek de bestaande token in en maak een nieuwe aan."
        )

    def handle(self, *args, gebruikersnaam, vernieuw=False, **options):
        user = get_user_model().objects.filter(username=gebruikersnaam).first()
        if user is None:
            raise CommandError(f"Onbekende gebruiker: {gebruikersnaam}")
        if not user.is_active:
            raise CommandError(f"Gebruiker {gebruikersnaam} is niet actief; er wordt geen token gemaakt.")
        if vernieuw:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if created:
            self.stderr.write(f"Nieuwe token aangemaakt voor {gebruikersnaam}.")
        else:
            self.stderr.write(f"Bestaande token van {gebruikersnaam} (nieuwe maken: --vernieuw).")
        if not user.actieve_rollen().exists():
            self.stderr.write(self.style.WARNING("Let op: deze gebruiker heeft geen actieve rol; de API weigert dan."))
        self.stdout.write(token.key)

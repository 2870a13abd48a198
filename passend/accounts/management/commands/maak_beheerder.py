"""The first beheerder of a samenwerkingsverband, on a fresh installation (after that, beheerders manage users
in the app); with --steunpunt, a user of the national Steunpunt role (no SWV)."""

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from passend.accounts.models import Rol, Roltoekenning, User
from passend.audit.context import Actor, acting_as
from passend.audit.services import record
from passend.register.models import Samenwerkingsverband


class Command(BaseCommand):
    help = ("Maakt een beheerder aan voor een samenwerkingsverband (bijv. passend maak_beheerder jdevries --swv PO2305), "
            "of met --steunpunt een medewerker van het landelijke Steunpunt Passend Onderwijs.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--swv", help="Code van het samenwerkingsverband, bijv. PO2305.")
        parser.add_argument("--steunpunt", action="store_true",
                            help="Een medewerker van het Steunpunt (landelijke rol, zonder samenwerkingsverband).")
        parser.add_argument("--email", default="")
        parser.add_argument("--wachtwoord-stdin", action="store_true", help="Lees het wachtwoord van standaardinvoer.")

    def handle(self, *args, username, swv, email, wachtwoord_stdin, steunpunt=False, **options):
        if bool(swv) == bool(steunpunt):
            raise CommandError("Geef een samenwerkingsverband (--swv PO2305) of --steunpunt.")
        code = (swv or "").replace(" ", "").replace("-", "").upper()
        tenant = Samenwerkingsverband.objects.filter(code=code).first() if swv else None
        if swv and tenant is None:
            raise CommandError(f"Onbekend samenwerkingsverband: {swv}. Importeer eerst het register (passend import-register).")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Gebruiker {username} bestaat al.")
        if wachtwoord_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Wachtwoord: ")
            if password != getpass.getpass("Wachtwoord (nogmaals): "):
                raise CommandError("De wachtwoorden zijn niet gelijk.")
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as e:
            raise CommandError("Wachtwoord niet sterk genoeg: " + " ".join(e.messages)) from e
        with transaction.atomic(), acting_as(Actor(gebruikersnaam="systeem: maak_beheerder")):
            user.set_password(password)
            user.save()
            if steunpunt:
                toekenning = Roltoekenning.objects.create(user=user, rol=Rol.STEUNPUNT, swv=None, functie="steunpunt")
                record("create", toekenning, velden=["user", "rol"])
            else:
                toekenning = Roltoekenning.objects.create(user=user, rol=Rol.BEHEERDER, swv=tenant, functie="beheerder")
                record("create", toekenning, swv_id=tenant.pk, velden=["user", "rol", "swv"])
        self.stdout.write(f"Steunpunt-medewerker {username} aangemaakt." if steunpunt
                          else f"Beheerder {username} aangemaakt voor {tenant}.")

"""Forms for logging in, two-factor and user management. Forms only validate; services.py changes state."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from passend.core.access import visible
from passend.register.models import Gemeente, School, Schoolbestuur

from .models import LANDELIJKE_ROLLEN, Rol, User

LOGIN_FOUT_ID = "inloggen-fout"

# Django 5.2's Dutch translation lags behind some validator messages; these are ours, by error code.
WACHTWOORD_FOUTEN = {
    "password_too_short": "Dit wachtwoord is te kort: gebruik ten minste {min_length} tekens.",
    "password_too_similar": "Dit wachtwoord lijkt te veel op de {verbose_name} van de gebruiker.",
    "password_too_common": "Dit wachtwoord is te algemeen; kies een wachtwoord dat minder voor de hand ligt.",
    "password_entirely_numeric": "Dit wachtwoord bestaat alleen uit cijfers; gebruik ook letters of tekens.",
}


def wachtwoord_fouten(error: ValidationError) -> list[ValidationError]:
    """The password validators' errors, in Dutch."""
    result = []
    for e in error.error_list:
        template = WACHTWOORD_FOUTEN.get(e.code)
        params = {k: str(v) for k, v in (e.params or {}).items()}
        try:
            message = template.format(**params) if template else e.messages[0]
        except KeyError:
            message = e.messages[0]
        result.append(ValidationError(message, code=e.code))
    return result


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Gebruikersnaam of wachtwoord is onjuist. Let op hoofdletters en kleine letters.",
        "inactive": "Dit account is geblokkeerd. Neem contact op met de beheerder van uw samenwerkingsverband.",
        "geen_rol": (
            "Uw account heeft geen actieve rol. Vraag de beheerder van uw samenwerkingsverband om u een rol "
            "te geven; tot die tijd kunt u niet inloggen."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Gebruikersnaam"
        self.fields["password"].label = "Wachtwoord"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.actieve_rollen().exists():
            raise ValidationError(self.error_messages["geen_rol"], code="geen_rol")

    def full_clean(self):
        super().full_clean()
        # The login error is not about one field: point both inputs at it so screen readers announce it.
        if self.is_bound and self.non_field_errors():
            for field in self.fields.values():
                field.widget.attrs["aria-describedby"] = LOGIN_FOUT_ID
                field.widget.attrs["aria-invalid"] = "true"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code uit de app (6 cijfers)",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": "Vul de code uit uw authenticator-app in."},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise ValidationError("De code bestaat uit 6 cijfers.")
        return code


class RolForm(forms.Form):
    """One role in the beheerder's own SWV, with what it is bound to."""

    rol = forms.ChoiceField(label="Rol", choices=[
        ("", "— kies een rol —"), *[(k, v) for k, v in Rol.choices if k not in LANDELIJKE_ROLLEN]])
    functie = forms.CharField(label="Functie", max_length=100, required=False,
                              help_text="Bijvoorbeeld consulent, orthopedagoog of IB'er.")
    scholen = forms.ModelMultipleChoiceField(
        label="Scholen", queryset=School.objects.none(), required=False,
        help_text="Alleen voor de rol School: de school of scholen van deze gebruiker. "
                  "Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    bestuur = forms.ModelChoiceField(
        label="Schoolbestuur", queryset=Schoolbestuur.objects.none(), required=False,
        empty_label="— geen —", help_text="Alleen voor de rol Schoolbestuur.",
    )
    gemeente = forms.ModelChoiceField(
        label="Gemeente", queryset=Gemeente.objects.none(), required=False,
        empty_label="— geen —", help_text="Alleen voor de rollen Leerplicht en Leerlingenvervoer.",
    )

    def __init__(self, *args, door, **kwargs):
        super().__init__(*args, **kwargs)
        self.door = door
        # Only what lies in the beheerder's own SWV can be chosen; a crafted value is an invalid choice.
        self.fields["scholen"].queryset = visible(door, School, "change").order_by("naam", "plaats")
        self.fields["bestuur"].queryset = visible(door, Schoolbestuur, "change").order_by("naam")
        self.fields["gemeente"].queryset = door.swv.gemeenten.order_by("naam")
        self.fields["scholen"].error_messages["invalid_choice"] = (
            "Kies alleen scholen uit uw eigen samenwerkingsverband."
        )
        self.fields["bestuur"].error_messages["invalid_choice"] = (
            "Kies een schoolbestuur met scholen in uw eigen samenwerkingsverband."
        )
        self.fields["gemeente"].error_messages["invalid_choice"] = (
            "Kies een gemeente van uw eigen samenwerkingsverband."
        )

    def clean(self):
        data = super().clean()
        rol = data.get("rol")
        if rol == Rol.SCHOOL and not data.get("scholen") and "scholen" not in self.errors:
            self.add_error("scholen", "Kies ten minste één school voor de rol School.")
        if rol == Rol.SCHOOLBESTUUR and not data.get("bestuur") and "bestuur" not in self.errors:
            self.add_error("bestuur", "Kies een schoolbestuur voor de rol Schoolbestuur.")
        if rol in (Rol.LEERPLICHT, Rol.VERVOER) and not data.get("gemeente") and "gemeente" not in self.errors:
            self.add_error("gemeente", "Kies een gemeente voor deze rol.")
        return data

    def rol_waarden(self) -> dict:
        d = self.cleaned_data
        return {"rol": d["rol"], "functie": d.get("functie", ""), "scholen": list(d.get("scholen") or []),
                "bestuur": d.get("bestuur"), "gemeente": d.get("gemeente")}


class GebruikerNieuwForm(RolForm):
    username = forms.CharField(
        label="Gebruikersnaam", max_length=150,
        help_text="Letters, cijfers en @ . + - _; hiermee logt de gebruiker in.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label="Voornaam", max_length=150)
    last_name = forms.CharField(label="Achternaam", max_length=150)
    email = forms.EmailField(label="E-mailadres", required=False)
    password1 = forms.CharField(
        label="Wachtwoord", strip=False,
        help_text="Ten minste 10 tekens, niet te gewoon en niet alleen cijfers. Geef het de gebruiker veilig door.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Wachtwoord (nogmaals)", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "first_name", "last_name", "email", "password1", "password2",
                   "rol", "functie", "scholen", "bestuur", "gemeente"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("Deze gebruikersnaam is al in gebruik.")
        return username

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "De twee wachtwoorden zijn niet gelijk.")
        elif p1:
            probe = User(username=data.get("username", ""), first_name=data.get("first_name", ""),
                         last_name=data.get("last_name", ""), email=data.get("email", ""))
            try:
                validate_password(p1, probe)
            except ValidationError as e:
                self.add_error("password1", wachtwoord_fouten(e))
        return data


class GebruikerWijzigenForm(forms.Form):
    first_name = forms.CharField(label="Voornaam", max_length=150)
    last_name = forms.CharField(label="Achternaam", max_length=150)
    email = forms.EmailField(label="E-mailadres", required=False)
    is_active = forms.BooleanField(
        label="Actief (kan inloggen)", required=False,
        help_text="Zet dit uit om het account te blokkeren; de rollen blijven bewaard.",
    )

    @classmethod
    def voor(cls, user, data=None):
        initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email,
                   "is_active": user.is_active}
        return cls(data, initial=initial)

"""Serializers for /api/v1/. Field names follow the models (Dutch domain nouns); messages are Dutch."""

import re

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from passend.accounts.models import Rol, Roltoekenning, User
from passend.audit.models import AuditEvent
from passend.register.models import (
    Gemeente,
    Inschrijving,
    Leerling,
    Ouder,
    OuderKind,
    Samenwerkingsverband,
    School,
    Schoolbestuur,
)
from passend.register.services import scholen_voor_inschrijving

POSTCODE_RE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
EIGEN_SCHOOL = "U kunt alleen leerlingen inschrijven op uw eigen school"
REGIO_SCHOOL = "U kunt alleen leerlingen inschrijven op scholen in de regio van uw samenwerkingsverband"


def _rol(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", None), "rol", None)


def _check_school(rol, school, veld: str = "school") -> None:
    """A school role enrols only at its own schools, SWV staff at the schools of the SWV's region
    (the rule of passend.register.services, given here as a Dutch validation message)."""
    if not scholen_voor_inschrijving(rol).filter(pk=school.pk).exists():
        message = EIGEN_SCHOOL if rol is not None and rol.rol == Rol.SCHOOL else REGIO_SCHOOL
        raise serializers.ValidationError({veld: [message]})


@extend_schema_field({"type": "string", "example": "27AB00", "description": "Vestigingscode van de school."})
class SchoolCodeField(serializers.Field):
    """A school given by its vestigingscode (e.g. "27AB00"); any school in the public register."""

    default_error_messages = {
        "onbekend": "Onbekende school: {code}",
        "ongeldig": "Geef de vestigingscode van de school als tekst, bijv. 27AB00.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip():
            self.fail("ongeldig")
        code = data.strip().upper()
        school = School.objects.filter(vestigingscode=code).first()
        if school is None:
            self.fail("onbekend", code=code)
        return school

    def to_representation(self, value):
        return value.vestigingscode


# --------------------------------------------------------------------------------------------------------
# Reference data (public register)
# --------------------------------------------------------------------------------------------------------

class GemeenteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gemeente
        fields = ["id", "naam"]


class SamenwerkingsverbandSerializer(serializers.ModelSerializer):
    code_leesbaar = serializers.CharField(read_only=True)
    gemeenten = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Samenwerkingsverband
        fields = ["id", "code", "code_leesbaar", "sector", "naam", "gemeenten"]


class SchoolbestuurSerializer(serializers.ModelSerializer):
    class Meta:
        model = Schoolbestuur
        fields = ["id", "naam", "bevoegd_gezag_nummer", "is_demo"]


class SchoolSerializer(serializers.ModelSerializer):
    gemeente_naam = serializers.CharField(source="gemeente.naam", read_only=True, default=None)
    swv_po = serializers.SlugRelatedField(source="regio_swv_po", slug_field="code", read_only=True)
    swv_vo = serializers.SlugRelatedField(source="regio_swv_vo", slug_field="code", read_only=True)
    adres = serializers.CharField(read_only=True)

    class Meta:
        model = School
        fields = [
            "vestigingscode", "brin", "naam", "soort", "denominatie", "internetadres", "straat", "huisnummer",
            "postcode", "plaats", "adres", "gemeente", "gemeente_naam", "provincie", "leerlingen", "lat", "lon",
            "bestuur", "swv_po", "swv_vo",
        ]


# --------------------------------------------------------------------------------------------------------
# Pupil data
# --------------------------------------------------------------------------------------------------------

def _check_periode(begindatum, einddatum):
    if begindatum and einddatum and einddatum < begindatum:
        raise serializers.ValidationError({"einddatum": "De einddatum mag niet vóór de begindatum liggen."})


class InschrijvingKortSerializer(serializers.ModelSerializer):
    """An enrolment as shown inside a pupil."""

    school = SchoolCodeField(read_only=True)
    school_naam = serializers.CharField(source="school.naam", read_only=True)
    actief = serializers.SerializerMethodField()

    class Meta:
        model = Inschrijving
        fields = ["id", "school", "school_naam", "begindatum", "einddatum", "actief"]

    def get_actief(self, obj) -> bool:
        return obj.is_actief()


class NieuweInschrijvingSerializer(serializers.Serializer):
    """The first enrolment, given when a pupil is created."""

    school = SchoolCodeField()
    begindatum = serializers.DateField()


class LeerlingSerializer(serializers.ModelSerializer):
    swv = serializers.SlugRelatedField(slug_field="code", read_only=True)
    naam = serializers.CharField(read_only=True)
    postcode = serializers.CharField(
        required=False, allow_blank=True, max_length=12,
        help_text="Postcode van het woonadres, als 1234AB (een spatie of kleine letters mag ook).",
    )
    inschrijvingen = InschrijvingKortSerializer(many=True, read_only=True)
    inschrijving = NieuweInschrijvingSerializer(
        write_only=True,
        required=False,
        help_text="Alleen bij aanmaken: de eerste inschrijving. Verplicht voor de rol school "
        "(een van de eigen scholen).",
    )

    class Meta:
        model = Leerling
        fields = [
            "id", "swv", "voornaam", "tussenvoegsel", "achternaam", "naam", "geboortedatum", "postcode",
            "huisnummer", "aangemaakt", "inschrijvingen", "inschrijving",
        ]
        read_only_fields = ["aangemaakt"]

    def validate_postcode(self, value):
        value = "".join((value or "").split()).upper()
        if value and not POSTCODE_RE.match(value):
            raise serializers.ValidationError("Vul de postcode in als 1234AB (vier cijfers en twee letters).")
        return value

    def validate_huisnummer(self, value):
        return (value or "").strip()

    def validate_geboortedatum(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError("De geboortedatum kan niet in de toekomst liggen.")
        return value

    def validate(self, attrs):
        rol = _rol(self)
        if self.instance is not None:
            if "inschrijving" in self.initial_data:
                raise serializers.ValidationError(
                    {"inschrijving": "Inschrijvingen wijzigt u via /api/v1/inschrijvingen/."}
                )
            return attrs
        nieuw = attrs.get("inschrijving")
        if rol is not None and rol.rol == Rol.SCHOOL and not nieuw:
            raise serializers.ValidationError(
                {"inschrijving": "Geef de inschrijving op een van uw eigen scholen mee (school en begindatum)."}
            )
        if nieuw:
            try:
                _check_school(rol, nieuw["school"])
            except serializers.ValidationError as fout:
                raise serializers.ValidationError({"inschrijving": fout.detail}) from None
            geboren = attrs.get("geboortedatum")
            if geboren and nieuw["begindatum"] < geboren:
                raise serializers.ValidationError(
                    {"inschrijving": {"begindatum": ["De begindatum mag niet vóór de geboortedatum liggen."]}}
                )
        return attrs


class InschrijvingSerializer(serializers.ModelSerializer):
    """Create: pupil, school, begindatum (and einddatum). Update: only the einddatum (ending the enrolment);
    another school or begindatum is a new enrolment."""

    leerling = serializers.PrimaryKeyRelatedField(
        queryset=Leerling.objects.none(),
        error_messages={
            "does_not_exist": "Onbekende leerling: {pk_value}",
            "incorrect_type": "Geef het nummer (id) van de leerling.",
        },
    )
    school = SchoolCodeField()
    school_naam = serializers.CharField(source="school.naam", read_only=True)
    actief = serializers.SerializerMethodField()

    class Meta:
        model = Inschrijving
        fields = ["id", "leerling", "school", "school_naam", "begindatum", "einddatum", "actief"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = self.context.get("leerlingen")
        if queryset is not None:
            self.fields["leerling"].queryset = queryset
        if isinstance(self.instance, Inschrijving):
            for naam in ("leerling", "school", "begindatum"):
                self.fields[naam].read_only = True

    def get_actief(self, obj) -> bool:
        return obj.is_actief()

    def validate(self, attrs):
        if self.instance is not None:
            return self._validate_update(attrs)
        _check_school(_rol(self), attrs["school"])
        _check_periode(attrs.get("begindatum"), attrs.get("einddatum"))
        return attrs

    def _validate_update(self, attrs):
        data = self.initial_data
        school = str(data.get("school", self.instance.school.vestigingscode)).strip().upper()
        begindatum = str(data.get("begindatum", self.instance.begindatum.isoformat()))
        if school != self.instance.school.vestigingscode or begindatum != self.instance.begindatum.isoformat():
            raise serializers.ValidationError(
                "Een andere school of begindatum is een nieuwe inschrijving: beëindig deze inschrijving en "
                "voeg een nieuwe toe."
            )
        if attrs.get("einddatum") is None:
            raise serializers.ValidationError({"einddatum": ["Geef de einddatum waarop de inschrijving eindigt."]})
        _check_periode(self.instance.begindatum, attrs["einddatum"])
        return attrs


class OuderKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = OuderKind
        fields = ["leerling", "relatie", "heeft_gezag"]


class OuderSerializer(serializers.ModelSerializer):
    kinderen = serializers.SerializerMethodField(help_text="Alleen de kinderen die u mag zien.")

    class Meta:
        model = Ouder
        fields = ["id", "voornaam", "achternaam", "email", "telefoon", "kinderen"]

    @extend_schema_field(OuderKindSerializer(many=True))
    def get_kinderen(self, obj):
        relaties = getattr(obj, "zichtbare_relaties", [])
        return OuderKindSerializer(relaties, many=True).data


# --------------------------------------------------------------------------------------------------------
# Audit trail
# --------------------------------------------------------------------------------------------------------

class AuditEventSerializer(serializers.ModelSerializer):
    swv = serializers.SlugRelatedField(slug_field="code", read_only=True)
    actie_omschrijving = serializers.CharField(source="get_actie_display", read_only=True)
    velden = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id", "tijdstip", "user", "gebruikersnaam", "rol", "swv", "actie", "actie_omschrijving",
            "object_type", "object_id", "leerling_id", "velden", "ip", "omschrijving",
        ]


# --------------------------------------------------------------------------------------------------------
# The current user
# --------------------------------------------------------------------------------------------------------

class RolSerializer(serializers.ModelSerializer):
    rol_naam = serializers.CharField(source="label", read_only=True)
    swv = serializers.SlugRelatedField(slug_field="code", read_only=True)
    swv_naam = serializers.CharField(source="swv.naam", read_only=True)
    scholen = serializers.SerializerMethodField()

    class Meta:
        model = Roltoekenning
        fields = ["id", "rol", "rol_naam", "functie", "swv", "swv_naam", "scholen", "bestuur", "gemeente"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), help_text="Vestigingscodes."))
    def get_scholen(self, obj) -> list[str]:
        return [s.vestigingscode for s in obj.scholen.all()]


class GebruikerSerializer(serializers.ModelSerializer):
    gebruikersnaam = serializers.CharField(source="username")
    naam = serializers.CharField(source="get_full_name")

    class Meta:
        model = User
        fields = ["id", "gebruikersnaam", "naam", "email"]


class MijSerializer(serializers.Serializer):
    gebruiker = GebruikerSerializer()
    actieve_rol = RolSerializer(allow_null=True, help_text="De rol waarin dit verzoek is gedaan.")
    rollen = RolSerializer(many=True, help_text="Alle actieve rollen; kies er een met de header X-Passend-Rol.")

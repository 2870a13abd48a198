"""REST API for toewijzing under /api/v1/: aanvragen with their workflow steps, adviesopdrachten, TLV's,
arrangementen and bezwaren.

The same rules as the pages: rows come from passend.core.access.visible() for the active role (a row outside
it is a 404), one object is checked with can(), and every write goes through passend.toewijzing.services,
which checks access and the workflow table again inside its transaction. A step the workflow does not allow
is HTTP 409 with the Dutch reason ({"detail": ..., "code": "ongeldige_stap"}); wrong input is 400 with the
messages per field; a refusal is 403. Reading one pupil-related object is written to the audit trail.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from passend.accounts.models import SWV_STAF, Rol
from passend.api import filters
from passend.api.exceptions import Geweigerd
from passend.api.serializers import SchoolCodeField
from passend.api.views import ScopedViewSetMixin
from passend.audit.services import record, record_view
from passend.core.access import can, visible
from passend.register.models import Leerling

from . import bedragen, regels, services, termijnen, workflow
from .models import (
    Aanvraag,
    Adviesopdracht,
    Arrangement,
    Beroep,
    Beschikking,
    Besluit,
    Besteding,
    Bezwaar,
    Bijlage,
    Categorie,
    Gebeurtenis,
    Ouderreactie,
    Soort,
    Status,
    Tlv,
    TlvSoort,
    Toewijzingsinstellingen,
    vandaag,
)
from .toegang import mag_aanvragen
from .workflow import OngeldigeTransitie

GEEN_TOEGANG = "U heeft geen toegang tot deze gegevens."
TAG = "toewijzing"
TLV_STATUSSEN = ("actief", "verloopt", "verlopen", "ingetrokken", "toekomstig")

# What each step with input passes on to services.transitie (other steps take only a toelichting).
STAP_VELDEN = {
    "besluiten": ("uitkomst", "motivering", "datum", "tlv_soort", "categorie", "begindatum", "einddatum", "emb",
                  "uren", "bedrag", "aanbieder", "doel", "vorm"),
    "aanvulling_vragen": ("aanvullen_uiterlijk",),
    "bezwaar_registreren": ("ontvangen_op", "indiener", "indiener_naam", "gronden"),
    "beslissen_op_bezwaar": ("uitkomst", "motivering", "beslist_op", "herzien"),
}


class OngeldigeStap(exceptions.APIException):
    """A workflow step that is not allowed now: 409 with the Dutch reason from workflow.py."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "ongeldige_stap"
    default_detail = "Deze stap is nu niet mogelijk."

    def __init__(self, reden: str):
        super().__init__({"detail": reden, "code": "ongeldige_stap"})


def _rol(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", None), "rol", None)


def _zichtbaar(serializer, model, **filter_):
    return visible(_rol(serializer), model).filter(**filter_)


# --------------------------------------------------------------------------------------------------------
# Serializers: what is shown
# --------------------------------------------------------------------------------------------------------

class BijlageSerializer(serializers.ModelSerializer):
    """Metadata of an attachment; the file itself is downloaded from `url` (logged in to the site)."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = Bijlage
        fields = ["id", "soort", "naam", "grootte", "geupload_op", "url"]

    def get_url(self, obj) -> str:
        return reverse("toewijzing:bijlage", args=[obj.pk])


class BeschikkingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Beschikking
        fields = ["id", "titel", "verzonden_op", "url"]

    def get_url(self, obj) -> str:
        return reverse("toewijzing:beschikking", args=[obj.pk])


class OuderreactieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ouderreactie
        fields = ["id", "ouder", "relatie", "heeft_gezag", "gezien_op", "akkoord", "zienswijze"]


class GebeurtenisSerializer(serializers.ModelSerializer):
    door = serializers.SerializerMethodField()

    class Meta:
        model = Gebeurtenis
        fields = ["id", "tijdstip", "door", "rol", "transitie", "van_status", "naar_status", "tekst", "toelichting",
                  "aanvullen_uiterlijk"]

    def get_door(self, obj) -> str:
        return str(obj.user) if obj.user_id else "systeem"


class BesluitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Besluit
        fields = ["uitkomst", "motivering", "datum", "tlv_soort", "categorie", "begindatum", "einddatum",
                  "herzien_op_bezwaar"]


class StapInfoSerializer(serializers.Serializer):
    naam = serializers.CharField(help_text="Naam van de stap, voor POST aanvragen/{id}/stappen/{naam}/.")
    label = serializers.CharField()
    naar = serializers.CharField(help_text="De status na deze stap.")
    mogelijk = serializers.BooleanField(help_text="Kan deze rol de stap nu zetten?")
    reden = serializers.CharField(allow_null=True, help_text="Waarom de stap (nog) niet kan; leeg als het kan.")
    vraagt = serializers.CharField(help_text="Wat de stap als invoer vraagt.")


class AdviesopdrachtSerializer(serializers.ModelSerializer):
    aanvraag_nummer = serializers.CharField(source="aanvraag.nummer", read_only=True)
    deskundige_naam = serializers.SerializerMethodField()

    class Meta:
        model = Adviesopdracht
        fields = ["id", "aanvraag", "aanvraag_nummer", "deskundige", "deskundige_naam", "volgorde", "beroep",
                  "status", "gevraagd_op", "uiterlijk", "niet_eerder_betrokken", "zelfstandig_opgesteld",
                  "conclusie", "advies", "categorie", "gegeven_op"]

    def get_deskundige_naam(self, obj) -> str:
        return str(obj.deskundige)


class AanvraagLijstSerializer(serializers.ModelSerializer):
    leerling_naam = serializers.CharField(source="leerling.naam", read_only=True)
    school = SchoolCodeField(read_only=True)
    school_naam = serializers.CharField(source="school.naam", read_only=True)
    omschrijving = serializers.CharField(read_only=True)

    class Meta:
        model = Aanvraag
        fields = ["id", "nummer", "soort", "status", "omschrijving", "leerling", "leerling_naam", "school",
                  "school_naam", "tlv_soort", "categorie", "consulent", "aangemaakt", "ingediend_op",
                  "besloten_op", "afgesloten_op", "afsluitreden"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        rol = _rol(self)
        if rol is not None and rol.rol == Rol.OUDER:
            data.pop("consulent", None)  # as on the page: parents see the SWV, not who handles the case
        return data


class AanvraagSerializer(AanvraagLijstSerializer):
    """One request with what the role may see of its file."""

    ontbrekend = serializers.SerializerMethodField(help_text="Wat nog ontbreekt voordat de school kan indienen.")
    ouders_akkoord = serializers.SerializerMethodField()
    besluit_uiterlijk = serializers.SerializerMethodField(
        help_text="Laatste dag voor het besluit; leeg zolang de termijn stilstaat voor een aanvulling (Awb 4:15).")
    aanvullen_uiterlijk = serializers.SerializerMethodField(
        help_text="Bij 'aanvulling gevraagd': de laatste dag waarop de school kan aanvullen (Awb 4:5).")
    bijlagen = serializers.SerializerMethodField()
    ouderreacties = serializers.SerializerMethodField()
    gebeurtenissen = serializers.SerializerMethodField()
    adviesopdrachten = serializers.SerializerMethodField()
    besluit = serializers.SerializerMethodField()
    beschikkingen = serializers.SerializerMethodField()
    tlvs = serializers.SerializerMethodField()
    bezwaren = serializers.SerializerMethodField()
    mogelijke_stappen = serializers.SerializerMethodField()

    class Meta(AanvraagLijstSerializer.Meta):
        fields = [
            *AanvraagLijstSerializer.Meta.fields, "eerste_inschrijving_so", "emb", "vorige_tlv", "doel", "vorm",
            "uren", "bedrag", "periode_van", "periode_tot", "vraag", "al_gedaan", "zienswijze_leerling",
            "zienswijze_ouders_school", "zonder_instemming_toelichting", "ontbrekend", "ouders_akkoord",
            "besluit_uiterlijk", "aanvullen_uiterlijk", "bijlagen", "ouderreacties", "gebeurtenissen", "adviesopdrachten", "besluit",
            "beschikkingen", "tlvs", "bezwaren", "mogelijke_stappen",
        ]

    def get_ontbrekend(self, obj) -> list[str]:
        return workflow.ontbrekend(obj) if obj.status in (Status.CONCEPT, Status.AANVULLING) else []

    def get_ouders_akkoord(self, obj) -> bool:
        return workflow.ouders_akkoord(obj)

    @extend_schema_field(OpenApiTypes.DATE)
    def get_besluit_uiterlijk(self, obj):
        if not obj.ingediend_op:
            return None
        weken = Toewijzingsinstellingen.voor(obj.swv_id).besluittermijn_weken
        uiterlijk = termijnen.uiterlijk(obj, weken)  # None while suspended for completion (Awb 4:15)
        return uiterlijk.isoformat() if uiterlijk else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_aanvullen_uiterlijk(self, obj):
        if obj.status != Status.AANVULLING:
            return None
        gevraagd = termijnen.open_aanvulling(termijnen.opschortingen([obj.pk]).get(obj.pk, []))
        return gevraagd[2].isoformat() if gevraagd and gevraagd[2] else None

    def get_bijlagen(self, obj) -> list[dict]:
        return BijlageSerializer(_zichtbaar(self, Bijlage, aanvraag=obj), many=True).data

    def get_ouderreacties(self, obj) -> list[dict]:
        return OuderreactieSerializer(_zichtbaar(self, Ouderreactie, aanvraag=obj), many=True).data

    def get_gebeurtenissen(self, obj) -> list[dict]:
        rijen = _zichtbaar(self, Gebeurtenis, aanvraag=obj).select_related("user")
        return GebeurtenisSerializer(rijen, many=True).data

    def get_adviesopdrachten(self, obj) -> list[dict]:
        rijen = _zichtbaar(self, Adviesopdracht, aanvraag=obj).select_related("deskundige", "aanvraag")
        return AdviesopdrachtSerializer(rijen, many=True).data

    def get_besluit(self, obj) -> dict | None:
        besluit = getattr(obj, "besluit", None)
        if besluit is None or not can(_rol(self), "view", besluit):
            return None
        return BesluitSerializer(besluit).data

    def get_beschikkingen(self, obj) -> list[dict]:
        return BeschikkingSerializer(_zichtbaar(self, Beschikking, aanvraag=obj), many=True).data

    def get_tlvs(self, obj) -> list[int]:
        return list(_zichtbaar(self, Tlv, aanvraag=obj).values_list("pk", flat=True))

    def get_bezwaren(self, obj) -> list[int]:
        return list(_zichtbaar(self, Bezwaar, aanvraag=obj).values_list("pk", flat=True))

    def get_mogelijke_stappen(self, obj) -> list[dict]:
        return [
            {"naam": t.naam, "label": t.label, "naar": t.naar, "mogelijk": reden is None, "reden": reden,
             "vraagt": t.vraagt}
            for t, reden in workflow.mogelijke_stappen(_rol(self), obj)
        ]


# --------------------------------------------------------------------------------------------------------
# Serializers: input
# --------------------------------------------------------------------------------------------------------

class AanvraagInvoerSerializer(serializers.ModelSerializer):
    """A new request (leerling, school, soort and the content) or a change of its content."""

    leerling = serializers.PrimaryKeyRelatedField(
        queryset=Leerling.objects.none(),
        help_text="Id van de leerling (ingeschreven op uw school).",
        error_messages={"does_not_exist": "Onbekende leerling: {pk_value}",
                        "incorrect_type": "Geef het nummer (id) van de leerling."},
    )
    school = SchoolCodeField(help_text="Vestigingscode van de aanvragende school (een van uw scholen).")
    vorige_tlv = serializers.PrimaryKeyRelatedField(
        queryset=Tlv.objects.none(), required=False, allow_null=True,
        help_text="Bij een verlenging: id van de TLV die wordt verlengd.",
        error_messages={"does_not_exist": "Onbekende TLV: {pk_value}"},
    )

    class Meta:
        model = Aanvraag
        fields = ["leerling", "school", "soort", *services.AANVRAAG_VELDEN]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rol = _rol(self)
        if rol is not None:
            self.fields["leerling"].queryset = visible(rol, Leerling)
            self.fields["vorige_tlv"].queryset = visible(rol, Tlv)

    def validate(self, attrs):
        if self.instance is not None:
            vast = [v for v in ("leerling", "school", "soort") if v in self.initial_data]
            if vast:
                raise serializers.ValidationError(
                    {v: ["Dit verandert niet in een bestaande aanvraag; open zo nodig een nieuwe."] for v in vast}
                )
        return attrs


class HerzienSerializer(serializers.Serializer):
    tlv_soort = serializers.ChoiceField(TlvSoort.choices, required=False, allow_blank=True)
    categorie = serializers.ChoiceField(Categorie.choices, required=False, allow_blank=True)
    begindatum = serializers.DateField(required=False, allow_null=True)
    einddatum = serializers.DateField(required=False, allow_null=True)
    emb = serializers.BooleanField(required=False, allow_null=True)


class StapSerializer(serializers.Serializer):
    """Input of a workflow step. Every step takes a `toelichting` (required for aanvulling_vragen and
    intrekken); `besluiten`, `bezwaar_registreren` and `beslissen_op_bezwaar` take their own fields, the
    others ignore them."""

    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
    # aanvulling_vragen
    aanvullen_uiterlijk = serializers.DateField(
        required=False, allow_null=True,
        help_text="Aanvulling vragen: de laatste dag waarop de school kan aanvullen (Awb 4:5); standaard vandaag plus "
        "de aanvultermijn van het SWV. De termijn voor het besluit staat stil tot de aanvulling, hoogstens tot deze dag.",
    )
    # besluiten and beslissen_op_bezwaar
    uitkomst = serializers.CharField(
        required=False, allow_blank=True,
        help_text="Besluiten: toegekend of afgewezen. Beslissen op bezwaar: gegrond, ongegrond, "
        "niet_ontvankelijk of ingetrokken.",
    )
    motivering = serializers.CharField(required=False, allow_blank=True)
    # besluiten
    datum = serializers.DateField(required=False, allow_null=True, help_text="Datum van het besluit (standaard vandaag).")
    tlv_soort = serializers.ChoiceField(TlvSoort.choices, required=False, allow_blank=True)
    categorie = serializers.ChoiceField(Categorie.choices, required=False, allow_blank=True)
    begindatum = serializers.DateField(required=False, allow_null=True)
    einddatum = serializers.DateField(required=False, allow_null=True)
    emb = serializers.BooleanField(required=False, allow_null=True)
    uren = serializers.DecimalField(max_digits=7, decimal_places=1, required=False, allow_null=True, min_value=0)
    bedrag = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True, min_value=0)
    aanbieder = serializers.CharField(required=False, allow_blank=True)
    doel = serializers.CharField(required=False, allow_blank=True)
    vorm = serializers.CharField(required=False, allow_blank=True)
    # bezwaar_registreren
    ontvangen_op = serializers.DateField(required=False, allow_null=True)
    indiener = serializers.ChoiceField(Bezwaar.Indiener.choices, required=False, allow_blank=True)
    indiener_naam = serializers.CharField(required=False, allow_blank=True)
    gronden = serializers.CharField(required=False, allow_blank=True)
    # beslissen_op_bezwaar
    beslist_op = serializers.DateField(required=False, allow_null=True)
    herzien = HerzienSerializer(required=False, help_text="Bij een gegrond bezwaar: de herziene TLV.")


class BijlageInvoerSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(Bijlage.Soort.choices)
    bestand = serializers.FileField(help_text="PDF, Word, ODT, RTF, tekst, JPG of PNG; hoogstens 20 MB.")


class OuderreactieInvoerSerializer(serializers.Serializer):
    akkoord = serializers.ChoiceField(Ouderreactie.Akkoord.choices)
    zienswijze = serializers.CharField(required=False, allow_blank=True, default="")


class ConsulentInvoerSerializer(serializers.Serializer):
    consulent = serializers.IntegerField(help_text="Id van een medewerker van het samenwerkingsverband.")


class DeskundigeInvoerSerializer(serializers.Serializer):
    deskundige = serializers.IntegerField(help_text="Id van een deskundige van het samenwerkingsverband.")
    volgorde = serializers.ChoiceField(Adviesopdracht.Volgorde.choices)
    beroep = serializers.ChoiceField(Beroep.choices)
    uiterlijk = serializers.DateField(required=False, allow_null=True)


class AdviesInvoerSerializer(serializers.Serializer):
    niet_eerder_betrokken = serializers.BooleanField(
        help_text="Verklaring: niet eerder bij de leerling betrokken. Onwaar geeft de vraag terug.")
    zelfstandig_opgesteld = serializers.BooleanField(required=False, default=False)
    conclusie = serializers.ChoiceField(Adviesopdracht.Conclusie.choices, required=False, allow_blank=True, default="")
    advies = serializers.CharField(required=False, allow_blank=True, default="")
    categorie = serializers.ChoiceField(Categorie.choices, required=False, allow_blank=True, default="")


class TlvIntrekkenInvoerSerializer(serializers.Serializer):
    reden = serializers.CharField(help_text="Waarom de TLV wordt ingetrokken.", allow_blank=True, default="")
    datum = serializers.DateField(required=False, allow_null=True, help_text="Standaard vandaag.")


class BestedingInvoerSerializer(serializers.Serializer):
    datum = serializers.DateField(help_text="Binnen de periode van het arrangement.")
    omschrijving = serializers.CharField(allow_blank=True, default="")
    uren = serializers.DecimalField(max_digits=7, decimal_places=1, required=False, allow_null=True)
    bedrag = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)


class LbtInvoerSerializer(serializers.Serializer):
    """The steps of the LBT procedure; only the fields sent are changed (null empties a date)."""

    lbt_gevraagd_op = serializers.DateField(required=False, allow_null=True)
    verweer_verzonden_op = serializers.DateField(required=False, allow_null=True)
    hoorzitting_op = serializers.DateField(required=False, allow_null=True)
    lbt_advies_op = serializers.DateField(required=False, allow_null=True)
    lbt_advies = serializers.ChoiceField(Bezwaar.LbtAdvies.choices, required=False, allow_blank=True)


# --------------------------------------------------------------------------------------------------------
# TLV, arrangement, objection
# --------------------------------------------------------------------------------------------------------

class TlvSerializer(serializers.ModelSerializer):
    leerling_naam = serializers.CharField(source="leerling.naam", read_only=True)
    aanvragende_school = SchoolCodeField(read_only=True)
    aanvragende_school_naam = serializers.CharField(source="aanvragende_school.naam", read_only=True)
    status = serializers.SerializerMethodField(help_text="actief, verloopt, verlopen, ingetrokken of toekomstig "
                                                         "(vandaag, met de signaaltermijn van het SWV).")

    class Meta:
        model = Tlv
        fields = ["id", "nummer", "status", "soort", "categorie", "emb", "begindatum", "einddatum", "afgegeven_op",
                  "leerling", "leerling_naam", "aanvraag", "aanvragende_school", "aanvragende_school_naam",
                  "vervangt", "ingetrokken_op", "intrekkingsreden"]

    def get_status(self, obj) -> str:
        maanden = self.context.setdefault("_signaal", {})
        if obj.swv_id not in maanden:
            maanden[obj.swv_id] = Toewijzingsinstellingen.voor(obj.swv_id).verloop_signaal_maanden
        return regels.tlv_status(obj.begindatum, obj.einddatum, obj.ingetrokken_op, vandaag(), maanden[obj.swv_id])


class BestedingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Besteding
        fields = ["id", "datum", "omschrijving", "uren", "bedrag", "geboekt_op"]


class ArrangementSerializer(serializers.ModelSerializer):
    leerling_naam = serializers.CharField(source="leerling.naam", read_only=True)
    school = SchoolCodeField(read_only=True)
    school_naam = serializers.CharField(source="school.naam", read_only=True)
    besteed_bedrag = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    besteed_uren = serializers.DecimalField(max_digits=11, decimal_places=1, read_only=True)
    rest_bedrag = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                           help_text="Toegekend min besteed (negatief bij overschrijding).")
    rest_uren = serializers.DecimalField(max_digits=11, decimal_places=1, read_only=True, allow_null=True,
                                         help_text="Leeg als er geen uren zijn toegekend.")
    bestedingen = BestedingSerializer(source="zichtbare_bestedingen", many=True, read_only=True)

    class Meta:
        model = Arrangement
        fields = ["id", "aanvraag", "leerling", "leerling_naam", "school", "school_naam", "doel", "vorm", "uren",
                  "bedrag", "begindatum", "einddatum", "aanbieder", "beeindigd_op", "besteed_uren",
                  "besteed_bedrag", "rest_uren", "rest_bedrag", "bestedingen"]


class BezwaarSerializer(serializers.ModelSerializer):
    aanvraag_nummer = serializers.CharField(source="aanvraag.nummer", read_only=True)
    leerling = serializers.IntegerField(source="aanvraag.leerling_id", read_only=True)
    termijnen = serializers.SerializerMethodField()

    class Meta:
        model = Bezwaar
        fields = ["id", "aanvraag", "aanvraag_nummer", "leerling", "besluit", "ontvangen_op", "indiener",
                  "indiener_naam", "gronden", "te_laat", "lbt_gevraagd_op", "verweer_verzonden_op", "hoorzitting_op",
                  "lbt_advies_op", "lbt_advies", "beslist_op", "uitkomst", "motivering", "termijnen"]

    def get_termijnen(self, obj) -> dict[str, str | None]:
        besluit_datum = obj.besluit.datum
        per_swv = self.context.setdefault("_beslistermijn", {})
        swv_id = obj.aanvraag.swv_id
        if swv_id not in per_swv:
            per_swv[swv_id] = Toewijzingsinstellingen.voor(swv_id).beslistermijn_bezwaar_weken
        weken = per_swv[swv_id]
        return {
            "bezwaartermijn_einde": regels.bezwaartermijn_einde(besluit_datum).isoformat(),
            "lbt_vragen_uiterlijk": regels.lbt_vragen_uiterlijk(obj.ontvangen_op).isoformat(),
            "verweer_uiterlijk": (regels.verweer_uiterlijk(obj.lbt_gevraagd_op).isoformat()
                                  if obj.lbt_gevraagd_op else None),
            "beslissing_uiterlijk": regels.beslissing_op_bezwaar_uiterlijk(besluit_datum, weken).isoformat(),
        }


# --------------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------------

@contextmanager
def diensten(obj=None):
    """Errors of the services as API responses: OngeldigeTransitie 409, ValidationError 400 (messages per
    field), PermissionDenied 403 with its Dutch message (written to the audit trail)."""
    try:
        yield
    except OngeldigeTransitie as fout:
        raise OngeldigeStap(str(fout)) from None
    except DjangoValidationError as fout:
        raise exceptions.ValidationError(fout.message_dict if hasattr(fout, "error_dict") else fout.messages) from None
    except PermissionDenied as fout:
        if obj is not None:
            record("denied", obj, omschrijving="Geweigerd via API")
        raise Geweigerd(str(fout) or GEEN_TOEGANG) from None


class ToewijzingViewSetMixin(ScopedViewSetMixin):
    def refuse(self, obj, message: str = GEEN_TOEGANG):
        handeling = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        record("denied", obj, omschrijving=f"Geen toegang ({handeling}) via API")
        raise Geweigerd(message)

    def zichtbaar(self, model, pk):
        """One row the role may see (a POST on it is then checked by the service), else 404."""
        obj = self.visible(model).filter(pk=pk).first()
        if obj is None:
            raise exceptions.NotFound()
        return obj

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        record_view(obj, omschrijving="Bekeken via API")
        return Response(self.get_serializer(obj).data)


def _params_aanvragen():
    return [
        filters.param("status", description="Status van de aanvraag.", enum=Status.values),
        filters.param("soort", description="Soort aanvraag.", enum=Soort.values),
        filters.param("leerling", OpenApiTypes.INT, "Id van de leerling."),
        filters.param("school", description="Vestigingscode van de aanvragende school."),
        filters.param("q", description="Deel van het aanvraagnummer."),
    ]


NAAM_PARAM = OpenApiParameter("naam", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(workflow.NAMEN),
                              description="De stap uit de werkwijze (zie mogelijke_stappen van de aanvraag).")
FOUTEN = {
    400: OpenApiResponse(description="Ongeldige invoer: {\"detail\": ..., \"fouten\": {veld: [melding]}}."),
    403: OpenApiResponse(description="Geen toegang of niet toegestaan voor uw rol."),
    404: OpenApiResponse(description="Niet gevonden of niet zichtbaar voor uw rol."),
}
FOUTEN_STAP = {**FOUTEN, 409: OpenApiResponse(
    description="Stap nu niet mogelijk: {\"detail\": \"<reden>\", \"code\": \"ongeldige_stap\"}.")}


@extend_schema_view(
    list=extend_schema(summary="Aanvragen die u mag zien", tags=[TAG], parameters=_params_aanvragen()),
    retrieve=extend_schema(
        summary="Eén aanvraag met dossier, verloop en mogelijke stappen (wordt vastgelegd in de audittrail)",
        tags=[TAG],
    ),
    create=extend_schema(
        summary="Aanvraag openen (school)",
        description="Een school opent een aanvraag (status concept) voor een leerling die op een van haar scholen "
        "is ingeschreven. Indienen is daarna de stap `indienen`.",
        tags=[TAG], request=AanvraagInvoerSerializer, responses={201: AanvraagSerializer, **FOUTEN},
    ),
    partial_update=extend_schema(
        summary="Inhoud van een aanvraag wijzigen (school, zolang concept of aanvulling gevraagd)",
        tags=[TAG], request=AanvraagInvoerSerializer, responses={200: AanvraagSerializer, **FOUTEN},
    ),
)
class AanvraagViewSet(
    ToewijzingViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    model = Aanvraag

    def get_serializer_class(self):
        if self.action == "list":
            return AanvraagLijstSerializer
        if self.action in ("create", "partial_update"):
            return AanvraagInvoerSerializer
        return AanvraagSerializer

    def get_queryset(self):
        qs = self.visible().select_related("leerling", "school", "consulent")
        if self.action == "list":
            params = self.request.query_params
            if waarde := filters.choice(params, "status", Status.choices):
                qs = qs.filter(status=waarde)
            if waarde := filters.choice(params, "soort", Soort.choices):
                qs = qs.filter(soort=waarde)
            if (leerling := filters.integer(params, "leerling")) is not None:
                qs = qs.filter(leerling_id=leerling)
            if school := filters.text(params, "school").upper():
                qs = qs.filter(school__vestigingscode=school)
            if q := filters.text(params, "q"):
                qs = qs.filter(nummer__icontains=q)
            return qs
        return qs.select_related("besluit", "vorige_tlv", "swv").prefetch_related(
            "bijlagen", "ouderreacties", "adviesopdrachten", "bezwaren"
        )

    def _detail(self, aanvraag, status_code=status.HTTP_200_OK):
        vers = self.get_queryset().filter(pk=aanvraag.pk).first() or aanvraag
        return Response(AanvraagSerializer(vers, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        if not mag_aanvragen(self.rol):
            raise Geweigerd("Alleen een school kan een aanvraag openen.")
        invoer = AanvraagInvoerSerializer(data=request.data, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        gegevens = dict(invoer.validated_data)
        leerling, school, soort = gegevens.pop("leerling"), gegevens.pop("school"), gegevens.pop("soort")
        with diensten(leerling):
            a = services.aanvraag_aanmaken(self.rol, leerling, school, soort, **gegevens)
        return self._detail(a, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        a = self.zichtbaar(Aanvraag, kwargs["pk"])
        if not can(self.rol, "change", a):
            bericht = ("Deze aanvraag kan niet meer worden gewijzigd." if self.rol.rol == Rol.SCHOOL
                       else "Alleen de aanvragende school wijzigt de inhoud van een aanvraag.")
            self.refuse(a, bericht)
        invoer = AanvraagInvoerSerializer(a, data=request.data, partial=True, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        with diensten(a):
            a = services.aanvraag_bijwerken(self.rol, a, **invoer.validated_data)
        return self._detail(a)

    @extend_schema(
        summary="Een stap in de werkwijze zetten",
        description="Bijv. `indienen`, `in_behandeling_nemen`, `advies_vragen`, `besluiten`, `bezwaar_registreren`, "
        "`beslissen_op_bezwaar`, `afsluiten`, `buiten_behandeling_stellen` (na de termijn om aan te vullen, met "
        "motivering in `toelichting`; Awb 4:5), `intrekken`. Een stap die nu niet mag geeft 409 met de reden.",
        tags=[TAG], parameters=[NAAM_PARAM], request=StapSerializer, responses={200: AanvraagSerializer, **FOUTEN_STAP},
    )
    @action(detail=True, methods=["post"], url_path=r"stappen/(?P<naam>[a-z_]+)", url_name="stap")
    def stap(self, request, pk=None, naam=None):
        a = self.zichtbaar(Aanvraag, pk)
        if naam not in workflow.NAMEN:
            raise exceptions.NotFound(f"Onbekende stap: {naam}.")
        reden = workflow.weigering(self.rol, a, naam)
        if reden:
            raise OngeldigeStap(reden)
        invoer = StapSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        data = invoer.validated_data
        gegevens = {k: data[k] for k in STAP_VELDEN.get(naam, ()) if k in data}
        with diensten(a):
            a = services.transitie(self.rol, a, naam, toelichting=data.get("toelichting", ""), **gegevens)
        return self._detail(a)

    @extend_schema(
        summary="Bijlage toevoegen (school zolang de aanvraag bewerkbaar is; SWV bij een lopende aanvraag)",
        description="Als multipart/form-data met `soort` (bijv. opp) en `bestand`.",
        tags=[TAG], request={"multipart/form-data": BijlageInvoerSerializer},
        responses={201: BijlageSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="bijlagen", url_name="bijlagen",
            parser_classes=[MultiPartParser, FormParser])
    def bijlagen(self, request, pk=None):
        a = self.zichtbaar(Aanvraag, pk)
        invoer = BijlageInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(a):
            bijlage = services.bijlage_toevoegen(self.rol, a, invoer.validated_data["soort"],
                                                 invoer.validated_data["bestand"])
        return Response(BijlageSerializer(bijlage).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reactie van een ouder: gezien, akkoord of niet, en de zienswijze",
        description="Alleen voor een ouder van de leerling. Een tweede reactie van dezelfde ouder vervangt de eerste.",
        tags=[TAG], request=OuderreactieInvoerSerializer, responses={201: OuderreactieSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="ouderreactie", url_name="ouderreactie")
    def ouderreactie(self, request, pk=None):
        a = self.zichtbaar(Aanvraag, pk)
        invoer = OuderreactieInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(a):
            reactie = services.ouderreactie_geven(self.rol, a, **invoer.validated_data)
        return Response(OuderreactieSerializer(reactie).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Consulent toewijzen (SWV)", tags=[TAG], request=ConsulentInvoerSerializer,
        responses={200: AanvraagSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="consulent", url_name="consulent")
    def consulent(self, request, pk=None):
        a = self.zichtbaar(Aanvraag, pk)
        invoer = ConsulentInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        gebruiker = services.swv_medewerkers(a.swv_id).filter(pk=invoer.validated_data["consulent"]).first()
        with diensten(a):
            if self.rol.rol not in SWV_STAF:
                raise PermissionDenied("Alleen medewerkers van het samenwerkingsverband kunnen dit doen.")
            if gebruiker is None:
                raise DjangoValidationError({"consulent": "Kies een medewerker van dit samenwerkingsverband."})
            a = services.consulent_toewijzen(self.rol, a, gebruiker)
        return self._detail(a)

    @extend_schema(
        summary="Een deskundige om advies vragen (SWV)",
        description="Bij een TLV een eerste (orthopedagoog of psycholoog) en een tweede deskundige. De deskundige "
        "ziet het dossier zolang de vraag openstaat.",
        tags=[TAG], request=DeskundigeInvoerSerializer, responses={201: AdviesopdrachtSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="deskundigen", url_name="deskundigen")
    def deskundigen(self, request, pk=None):
        a = self.zichtbaar(Aanvraag, pk)
        invoer = DeskundigeInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        data = dict(invoer.validated_data)
        gebruiker = services.deskundigen(a.swv_id).filter(pk=data.pop("deskundige")).first()
        with diensten(a):
            if self.rol.rol not in SWV_STAF:
                raise PermissionDenied("Alleen medewerkers van het samenwerkingsverband kunnen dit doen.")
            if gebruiker is None:
                raise DjangoValidationError(
                    {"deskundige": "Kies een deskundige die in dit samenwerkingsverband als deskundige werkt."})
            opdracht = services.deskundige_vragen(self.rol, a, deskundige=gebruiker, **data)
        return Response(AdviesopdrachtSerializer(opdracht).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Adviesopdrachten die u mag zien (deskundige: uw eigen)", tags=[TAG],
        parameters=[filters.param("aanvraag", OpenApiTypes.INT, "Id van de aanvraag."),
                    filters.param("status", description="Status van de opdracht.",
                                  enum=Adviesopdracht.Status.values)],
    ),
    retrieve=extend_schema(summary="Eén adviesopdracht (wordt vastgelegd in de audittrail)", tags=[TAG]),
)
class AdviesopdrachtViewSet(ToewijzingViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Adviesopdracht
    serializer_class = AdviesopdrachtSerializer

    def get_queryset(self):
        qs = self.visible().select_related("deskundige", "aanvraag")
        if self.action == "list":
            params = self.request.query_params
            if (aanvraag := filters.integer(params, "aanvraag")) is not None:
                qs = qs.filter(aanvraag_id=aanvraag)
            if waarde := filters.choice(params, "status", Adviesopdracht.Status.choices):
                qs = qs.filter(status=waarde)
        return qs

    @extend_schema(
        summary="Advies geven (de gevraagde deskundige)",
        description="Uw eigen, apart opgestelde advies. Met `niet_eerder_betrokken: false` geeft u de vraag terug: "
        "wie eerder bij de leerling betrokken was, mag niet adviseren.",
        tags=[TAG], request=AdviesInvoerSerializer, responses={200: AdviesopdrachtSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="advies", url_name="advies")
    def advies(self, request, pk=None):
        opdracht = self.zichtbaar(Adviesopdracht, pk)
        invoer = AdviesInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(opdracht):
            opdracht = services.advies_geven(self.rol, opdracht, **invoer.validated_data)
        return Response(AdviesopdrachtSerializer(opdracht).data)

    @extend_schema(
        summary="Adviesvraag intrekken (SWV)", tags=[TAG], request=None,
        responses={200: AdviesopdrachtSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="intrekken", url_name="intrekken")
    def intrekken(self, request, pk=None):
        opdracht = self.zichtbaar(Adviesopdracht, pk)
        with diensten(opdracht):
            opdracht = services.deskundige_intrekken(self.rol, opdracht)
        return Response(AdviesopdrachtSerializer(opdracht).data)


def _tlv_status_q(status_: str, peildatum, maanden: int) -> Q:
    """The same rule as regels.tlv_status, as a filter."""
    ingetrokken = Q(ingetrokken_op__isnull=False, ingetrokken_op__lte=peildatum)
    if status_ == "ingetrokken":
        return ingetrokken
    grens = regels.plus_maanden(peildatum, maanden)
    if status_ == "toekomstig":
        return ~ingetrokken & Q(begindatum__gt=peildatum)
    if status_ == "verlopen":
        return ~ingetrokken & Q(begindatum__lte=peildatum, einddatum__lt=peildatum)
    if status_ == "verloopt":
        return ~ingetrokken & Q(begindatum__lte=peildatum, einddatum__gte=peildatum, einddatum__lte=grens)
    return ~ingetrokken & Q(begindatum__lte=peildatum, einddatum__gt=grens)


@extend_schema_view(
    list=extend_schema(
        summary="TLV's die u mag zien", tags=[TAG],
        parameters=[
            filters.param("status", description="Status vandaag.", enum=list(TLV_STATUSSEN)),
            filters.param("soort", description="Soort onderwijs.", enum=TlvSoort.values),
            filters.param("categorie", description="Bekostigingscategorie (SO/VSO).", enum=Categorie.values),
            filters.param("leerling", OpenApiTypes.INT, "Id van de leerling."),
        ],
    ),
    retrieve=extend_schema(summary="Eén TLV (wordt vastgelegd in de audittrail)", tags=[TAG]),
)
class TlvViewSet(ToewijzingViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Tlv
    serializer_class = TlvSerializer

    def get_queryset(self):
        qs = self.visible().select_related("leerling", "aanvragende_school")
        if self.action != "list":
            return qs
        params = self.request.query_params
        if waarde := filters.choice(params, "status", [(s, s) for s in TLV_STATUSSEN]):
            maanden = Toewijzingsinstellingen.voor(self.rol.swv_id).verloop_signaal_maanden
            qs = qs.filter(_tlv_status_q(waarde, vandaag(), maanden))
        if waarde := filters.choice(params, "soort", TlvSoort.choices):
            qs = qs.filter(soort=waarde)
        if waarde := filters.choice(params, "categorie", Categorie.choices):
            qs = qs.filter(categorie=waarde)
        if (leerling := filters.integer(params, "leerling")) is not None:
            qs = qs.filter(leerling_id=leerling)
        return qs

    @extend_schema(
        summary="TLV intrekken (directeur of commissie van het SWV)", tags=[TAG], request=TlvIntrekkenInvoerSerializer,
        responses={200: TlvSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="intrekken", url_name="intrekken")
    def intrekken(self, request, pk=None):
        tlv = self.zichtbaar(Tlv, pk)
        invoer = TlvIntrekkenInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(tlv):
            tlv = services.tlv_intrekken(self.rol, tlv, **invoer.validated_data)
        return Response(TlvSerializer(tlv, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(
        summary="Arrangementen die u mag zien, met bestedingen en totalen", tags=[TAG],
        parameters=[filters.param("leerling", OpenApiTypes.INT, "Id van de leerling."),
                    filters.param("school", description="Vestigingscode van de school.")],
    ),
    retrieve=extend_schema(summary="Eén arrangement (wordt vastgelegd in de audittrail)", tags=[TAG]),
)
class ArrangementViewSet(ToewijzingViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Arrangement
    serializer_class = ArrangementSerializer

    def get_queryset(self):
        qs = bedragen.toegekend_en_besteed(self.visible().select_related("leerling", "school")).prefetch_related(
            Prefetch("bestedingen", queryset=self.visible(Besteding).order_by("-datum", "-pk"),
                     to_attr="zichtbare_bestedingen")
        )
        if self.action == "list":
            params = self.request.query_params
            if (leerling := filters.integer(params, "leerling")) is not None:
                qs = qs.filter(leerling_id=leerling)
            if school := filters.text(params, "school").upper():
                qs = qs.filter(school__vestigingscode=school)
        return qs

    @extend_schema(
        summary="Besteding boeken op een arrangement (SWV)",
        description="Uren en/of een bedrag op een datum binnen de periode van het arrangement.",
        tags=[TAG], request=BestedingInvoerSerializer, responses={201: BestedingSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="bestedingen", url_name="bestedingen")
    def bestedingen(self, request, pk=None):
        arrangement = self.zichtbaar(Arrangement, pk)
        invoer = BestedingInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(arrangement):
            besteding = services.besteding_boeken(self.rol, arrangement, **invoer.validated_data)
        return Response(BestedingSerializer(besteding).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Bezwaren die u mag zien", tags=[TAG],
        parameters=[filters.param("aanvraag", OpenApiTypes.INT, "Id van de aanvraag."),
                    filters.param("open", OpenApiTypes.BOOL, "Alleen open (true) of afgehandelde (false) bezwaren.")],
    ),
    retrieve=extend_schema(summary="Eén bezwaar met de termijnen (wordt vastgelegd in de audittrail)", tags=[TAG]),
)
class BezwaarViewSet(ToewijzingViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Bezwaar
    serializer_class = BezwaarSerializer

    def get_queryset(self):
        qs = self.visible().select_related("aanvraag", "besluit")
        if self.action == "list":
            params = self.request.query_params
            if (aanvraag := filters.integer(params, "aanvraag")) is not None:
                qs = qs.filter(aanvraag_id=aanvraag)
            if waarde := filters.choice(params, "open", [("true", "ja"), ("false", "nee")]):
                qs = qs.filter(beslist_op__isnull=(waarde == "true"))
        return qs

    @extend_schema(
        summary="De LBT-procedure bijwerken (SWV): gevraagd, verweer, hoorzitting, advies",
        description="Elke stap is een datum; alleen de velden die u stuurt veranderen. Beslissen op het bezwaar "
        "is de stap `beslissen_op_bezwaar` van de aanvraag.",
        tags=[TAG], request=LbtInvoerSerializer, responses={200: BezwaarSerializer, **FOUTEN},
    )
    @action(detail=True, methods=["post"], url_path="lbt", url_name="lbt")
    def lbt(self, request, pk=None):
        bezwaar = self.zichtbaar(Bezwaar, pk)
        invoer = LbtInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        with diensten(bezwaar):
            bezwaar = services.bezwaar_bijwerken(self.rol, bezwaar, **invoer.validated_data)
        return Response(BezwaarSerializer(bezwaar, context=self.get_serializer_context()).data)

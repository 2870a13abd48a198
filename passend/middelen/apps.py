from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _officiele_bedragen(sender, **kwargs):
    from .normbedragen import laad_officiele_normbedragen

    laad_officiele_normbedragen()


class Config(AppConfig):
    name = "passend.middelen"
    label = "middelen"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Middelen"

    def ready(self):
        from . import toegang  # noqa: F401  (access rules register themselves)

        # The official rates (data/ with provenance) are in every database right after migrate.
        post_migrate.connect(_officiele_bedragen, sender=self, dispatch_uid="middelen-normbedragen")

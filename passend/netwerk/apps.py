from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _standaard_behoeften(sender, **kwargs):
    from .services import laad_standaard_behoeften

    laad_standaard_behoeften()


class Config(AppConfig):
    name = "passend.netwerk"
    label = "netwerk"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Dekkend netwerk"

    def ready(self):
        from passend.register import retention

        from . import bewaren, panels, toegang  # noqa: F401  (access rules and panels register themselves)

        retention.haak(bewaren)

        # The shared list of support needs is in every database right after migrate.
        post_migrate.connect(_standaard_behoeften, sender=self, dispatch_uid="netwerk-behoeften")

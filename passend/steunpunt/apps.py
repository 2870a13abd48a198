from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _kennis_laden(sender, **kwargs):
    from .services import laad_kennis

    laad_kennis()


class Config(AppConfig):
    name = "passend.steunpunt"
    label = "steunpunt"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Steunpunt Passend Onderwijs"

    def ready(self):
        # Access rules, start-page panels and the newsletter job register themselves.
        from . import panels, toegang, verzending  # noqa: F401

        # The themes and Passend's own knowledge articles are in every database right after migrate.
        post_migrate.connect(_kennis_laden, sender=self, dispatch_uid="steunpunt-kennis")

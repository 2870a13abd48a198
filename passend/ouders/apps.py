from django.apps import AppConfig


class Config(AppConfig):
    name = "passend.ouders"
    label = "ouders"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Ouderportaal"

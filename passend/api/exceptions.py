from rest_framework import exceptions


class Geweigerd(exceptions.PermissionDenied):
    """A refusal with its own Dutch message, which passend.api.errors keeps as it is."""

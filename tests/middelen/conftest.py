from tests.toewijzing.conftest import _media, w  # noqa: F401  (the same small world and media root)

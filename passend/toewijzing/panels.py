"""Start-page panels of toewijzing (worklists per role). Each room keeps its panels in its own module."""

from . import panels_school, panels_swv, panels_tlv  # noqa: F401  (the @start_panel decorators register them)

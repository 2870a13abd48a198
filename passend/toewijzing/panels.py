"""Start-page panels of toewijzing (worklists)."""

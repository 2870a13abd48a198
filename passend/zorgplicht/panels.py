"""Start-page panels (worklists). Being written."""

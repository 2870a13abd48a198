"""Placeholder replaced by the beschikking module (being written)."""


def beschikking_pdf(aanvraag, besluit, *, soort, bezwaar=None):
    return f"Beschikking {aanvraag.nummer}", b"%PDF-1.7\n"

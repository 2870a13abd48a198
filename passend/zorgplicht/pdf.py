"""Placeholder: the letter module is being written."""


def verlengingsbrief_pdf(aanmelding) -> bytes:
    return b"%PDF-1.7\n"

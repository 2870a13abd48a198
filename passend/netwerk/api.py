"""REST API of the dekkend netwerk (being built)."""


def registreer(router):
    pass

"""Reading rendered pages and e-mails in tests."""

import re
from html.parser import HTMLParser


def bevat_woord(tekst: str, woord: str) -> bool:
    """Whether `woord` occurs in `tekst` as a whole word: a random first name such as "Sam" is part of
    "Samenwerkingsverband", so a plain `in` would report pupil data where there is none."""
    return re.search(rf"(?<!\w){re.escape(woord)}(?!\w)", tekst) is not None


class Tabel(HTMLParser):
    """The rows of the first <table> with `klasse` in its class, as lists of cell texts."""

    def __init__(self, html: str, klasse: str):
        super().__init__()
        self.klasse, self.rijen, self._in, self._rij, self._cel, self._klaar = klasse, [], False, None, None, False
        self._svg = 0  # text inside an inline SVG (a chart or map in a cell) is not cell text
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self._svg += 1
        if tag == "table" and not self._klaar and self.klasse in (dict(attrs).get("class") or "").split():
            self._in = True
        elif self._in and tag == "tr":
            self._rij = []
        elif self._in and tag in ("td", "th"):
            self._cel = []

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg -= 1
        if not self._in:
            return
        if tag in ("td", "th") and self._cel is not None:
            self._rij.append(" ".join("".join(self._cel).split()))
            self._cel = None
        elif tag == "tr" and self._rij is not None:
            self.rijen.append(self._rij)
            self._rij = None
        elif tag == "table":
            self._in, self._klaar = False, True

    def handle_data(self, data):
        if self._cel is not None and not self._svg:
            self._cel.append(data)

    def rij(self, begin: str) -> list[str]:
        treffers = [r for r in self.rijen if r and r[0].startswith(begin)]
        assert len(treffers) == 1, (begin, self.rijen)
        return treffers[0]

    def als_dicts(self) -> dict[str, dict[str, str]]:
        """Rows by their first cell, each as {header: cell}."""
        kop, *rijen = self.rijen
        return {r[0]: dict(zip(kop, r, strict=True)) for r in rijen}

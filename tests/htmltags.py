"""Reading built HTML pages in the tests: every start tag with its attributes."""

from __future__ import annotations

from html.parser import HTMLParser


class Tags(HTMLParser):
    """Every start tag of an HTML document with its attributes, the ids and the <title>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = text
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.title = ""
        self._in_title = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        """The attributes of every ``tag`` whose attributes include ``attrs`` (``_`` → ``-``)."""
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def meta(self, key: str) -> list[str]:
        """The content of every <meta property=key> or <meta name=key>."""
        return [
            a.get("content", "")
            for t, a in self.tags
            if t == "meta" and key in (a.get("property"), a.get("name"))
        ]

    def links(self, rel: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == "link" and rel in a.get("rel", "").split()]

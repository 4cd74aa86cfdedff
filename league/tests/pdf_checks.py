"""Reading our own PDFs back in tests: their text, whether every font is embedded, whether
they are tagged and archival (PDF/A-3a), and whether any two words print over each other."""

import io
from dataclasses import dataclass

from pypdf import PdfReader

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
AUTHOR = {
    "uk": "ГО «Професійна Ліга соціальних працівників Сумщини»",
    "en": "NGO «Professional League of Social Workers of Sumy Region»",
}
CREATOR = {"uk": "Портал Ліги", "en": "League portal"}


def pdf_reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(pdf).pages)


def _descriptor(font):
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    return font.get("/FontDescriptor")


def pdf_font_names(pdf: bytes) -> dict[str, bool]:
    """Base font name -> whether its program is embedded in the file."""
    fonts = {}
    for page in pdf_reader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = _descriptor(font)
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in FONT_FILES
            )
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def assert_archival(pdf: bytes, *, language: str, title: str) -> None:
    """Tagged (a structure tree, marked content) and PDF/A-3a, with the document's
    language, title, the NGO as author and the portal as creator, in the document
    information and in the XMP metadata alike."""
    reader = pdf_reader(pdf)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "not tagged: no structure tree"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert str(catalog["/Lang"]) == language
    assert "/OutputIntents" in catalog
    info = reader.metadata
    assert info.title == title
    assert info.author == AUTHOR[language]
    assert info.creator == CREATOR[language]
    xmp = reader.xmp_metadata
    assert xmp is not None, "no XMP metadata"
    assert xmp.dc_title == {"x-default": title}
    assert xmp.dc_creator == [AUTHOR[language]]
    assert xmp.xmp_creator_tool == CREATOR[language]
    packet = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in packet and 'pdfaid:conformance="A"' in packet


def assert_in_reading_order(pdf: bytes, fragments: list[str]) -> None:
    """The text a reader extracts holds each fragment, in this order."""
    text = " ".join(pdf_text(pdf).split())
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing, or out of order after {text[:position][-80:]!r}"
        position = found + len(fragment)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    def overlaps(self, other: "Word", slack: float = 0.5) -> bool:
        return (
            self.x0 < other.x1 - slack
            and other.x0 < self.x1 - slack
            and self.top < other.bottom - slack
            and other.top < self.bottom - slack
        )


def _words(chars) -> list[Word]:
    """Words as printed: runs of glyphs drawn one after another on one line, each glyph
    starting where the last ended (or kerned a little into it). Built from the glyphs in
    the order they are drawn, so two words drawn over each other stay two words
    (pdfplumber's own word grouping sorts glyphs by position and would merge them)."""
    words: list[Word] = []
    current = None
    for char in chars:
        if not char["text"].strip():
            current = None
            continue
        joins = (
            current is not None
            and abs(char["top"] - current.top) < 1
            # kerning may pull a glyph back a little into the last («To», «Ya»)
            and current.x1 - 0.25 * char["size"] < char["x0"] < current.x1 + 1
        )
        if joins:
            current.text += char["text"]
            current.x1 = char["x1"]
            current.bottom = max(current.bottom, char["bottom"])
        else:
            current = Word(char["text"], char["x0"], char["x1"], char["top"], char["bottom"])
            words.append(current)
    return words


def overlapping_words(pdf: bytes) -> list[tuple[int, str, str]]:
    """(page, word, word) for every two words whose boxes overlap on a page."""
    import pdfplumber

    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            words = sorted(_words(page.chars), key=lambda word: word.top)
            for index, first in enumerate(words):
                for second in words[index + 1 :]:
                    if second.top >= first.bottom:
                        break  # sorted by top: no later word reaches this one's line
                    if first.overlaps(second):
                        found.append((number, first.text, second.text))
    return found


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pdf_reader(pdf).pages]

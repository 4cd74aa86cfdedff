"""Reading our own PDFs back in tests: their text and whether every font is embedded."""

import io

from pypdf import PdfReader

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


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

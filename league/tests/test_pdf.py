from league.pdf import render_pdf
from league.tests.pdf_checks import pdf_font_names, pdf_reader


def test_render_pdf_gives_a4_pages_with_cyrillic_and_embedded_fonts(tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "pdf").mkdir(parents=True)
    (template_dir / "pdf" / "sample.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}<h1>Сумська міська громада</h1>'
        "<table><thead><tr><th>Громада</th></tr></thead><tbody>"
        "{% for row in rows %}<tr><td>Рядок {{ row }}</td></tr>{% endfor %}"
        "</tbody></table>{% endblock %}",
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    pdf = render_pdf("pdf/sample.html", {"rows": range(120)})

    reader = pdf_reader(pdf)
    assert pdf.startswith(b"%PDF")
    assert len(reader.pages) > 1
    first_page = reader.pages[0]
    assert round(float(first_page.mediabox.width)) == 595  # A4 in points
    text = first_page.extract_text()
    assert "Сумська міська громада" in text
    assert "Сторінка 1 з" in text
    fonts = pdf_font_names(pdf)
    assert any("DejaVu" in name for name in fonts)
    assert all(fonts.values()), fonts

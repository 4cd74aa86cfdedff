import pytest
from weasyprint.urls import FatalURLFetchingError

from league.pdf import STATIC_BASE, ResourceRefused, render_html_pdf, render_pdf, url_fetcher
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


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/secret.png",
        "https://example.org/tracker.png",
        "/etc/hostname",  # relative to the base: never the server's disk
        "../../league/settings.py",
        "static/../../league/settings.py",
    ],
)
def test_the_renderer_refuses_files_and_network_addresses(url):
    html = f'<html><body><p>Звіт</p><img src="{url}"></body></html>'

    with pytest.raises(FatalURLFetchingError) as refused:
        render_html_pdf(html)

    assert isinstance(refused.value.__cause__, ResourceRefused)


def test_the_renderer_refuses_a_stylesheet_on_disk():
    html = '<html><head><link rel="stylesheet" href="file:///etc/ssl/openssl.cnf"></head></html>'

    with pytest.raises(FatalURLFetchingError):
        render_html_pdf(html)


def test_the_renderer_serves_our_own_static_files_and_inline_images():
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    html = (
        '<html><head><link rel="stylesheet" href="css/portal.css"></head>'
        f'<body><p>Звіт</p><img src="{pixel}"></body></html>'
    )

    assert render_html_pdf(html).startswith(b"%PDF")
    fetcher = url_fetcher()
    response = fetcher.fetch(STATIC_BASE + "css/portal.css")
    assert b"{" in response.read()
    response.close()

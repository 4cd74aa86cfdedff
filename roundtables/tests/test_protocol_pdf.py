"""The printable protocol: its context, and a few facts read back from the PDF."""

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from league.tests.pdf_checks import (
    assert_archival,
    assert_in_reading_order,
    overlapping_words,
    page_texts,
)
from roundtables.models import AgendaItem, RoundTable
from roundtables.selectors import get_round_table_detail_for_user, protocol_context
from roundtables.tests.factories import (
    CommitmentFactory,
    ParticipationFactory,
    PersonFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol_round_table(round_table_a, cast):
    round_table_a.venue_address = "вул. Соборна, 1"
    round_table_a.save()
    AgendaItem.objects.create(
        round_table=round_table_a, order=1, title="Національний механізм взаємодії"
    )
    for name, status in [
        ("Гончаренко Світлана", "attended"),
        ("Ткаченко Віктор", "attended"),
        ("Відсутній Петро", "absent"),
    ]:
        ParticipationFactory(
            round_table=round_table_a,
            status=status,
            person=PersonFactory(
                full_name=name,
                community=cast.community_a,
                phone="+380 50 999 9999",
                consent_to_contacts=True,
            ),
        )
    resolution = ResolutionFactory(
        round_table=round_table_a, text="Рекомендувати громадам визначити координатора"
    )
    CommitmentFactory(
        resolution=resolution, community=cast.community_a, text="Видати розпорядження"
    )
    return round_table_a


def test_a_held_round_tables_protocol_lists_those_present(protocol_round_table, cast):
    round_table = get_round_table_detail_for_user(cast.staff, protocol_round_table.pk)
    context = protocol_context(round_table)
    assert context["held"] is True
    assert [p.person.full_name for p in context["participations"]] == [
        "Гончаренко Світлана",
        "Ткаченко Віктор",
    ]
    assert context["commitment_count"] == 1


def test_before_the_meeting_it_lists_everyone_invited(protocol_round_table, cast):
    RoundTable.objects.filter(pk=protocol_round_table.pk).update(status="planned")
    round_table = get_round_table_detail_for_user(cast.staff, protocol_round_table.pk)
    assert len(protocol_context(round_table)["participations"]) == 3


def pdf_of(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def test_the_protocol_pdf_names_the_venue_and_participants_with_fonts_embedded(
    client_for, protocol_round_table, cast
):
    reader = pdf_of(
        client_for("worker_a").get(
            reverse("roundtables:protocol_pdf", args=[protocol_round_table.pk])
        )
    )
    # Table cells wrap: compare with whitespace collapsed.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        cast.community_a.name,
        "вул. Соборна, 1",
        "Гончаренко Світлана",
        "Ткаченко Віктор",
        "Національний механізм взаємодії",
        "Видати розпорядження",
    ):
        assert expected in text
    assert "Відсутній Петро" not in text
    assert "+380 50 999 9999" not in text  # never contacts
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    fonts = [
        font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts
    for font in fonts:
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font
        assert "DejaVu" in str(descriptor["/FontName"])


def test_council_officials_get_no_protocol(client_for, protocol_round_table):
    url = reverse("roundtables:protocol_pdf", args=[protocol_round_table.pk])
    assert client_for("council").get(url).status_code == 403
    assert client_for("worker_b").get(url).status_code == 404


def test_the_protocol_is_in_ukrainian_unless_english_is_asked_for(client_for, protocol_round_table):
    url = reverse("roundtables:protocol_pdf", args=[protocol_round_table.pk])
    client = client_for("staff")
    ukrainian = pdf_of(client.get(url)).pages[0].extract_text()
    english = pdf_of(client.get(url + "?language=en")).pages[0].extract_text()
    assert f"Протокол круглого столу № {protocol_round_table.number}" in ukrainian
    assert f"Protocol of round table No {protocol_round_table.number}" in english


def test_the_protocol_shows_what_was_agreed_who_stayed_away_and_who_signs(
    client_for, protocol_round_table, cast
):
    """Walk-ins marked, invited communities that sent nobody, commitments without their
    status of today, a signature block, and a file name in the document's language."""
    protocol_round_table.invited_communities.add(cast.community_b)
    ParticipationFactory(
        round_table=protocol_round_table,
        status="attended",
        walk_in=True,
        person=PersonFactory(full_name="Шульга Петро", community=cast.community_a),
    )
    protocol_round_table.resolutions.get().commitments.update(status="done")
    url = reverse("roundtables:protocol_pdf", args=[protocol_round_table.pk])
    client = client_for("staff")
    response = client.get(url)
    reader = pdf_of(response)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Шульга Петро (без запрошення)" in text
    assert f"Запрошені громади, від яких ніхто не прибув: {cast.community_b.name}" in text
    assert "Узгоджені зобов'язання" in text and "Видати розпорядження" in text
    assert "виконано" not in text.lower()  # the status today is not the agreement
    assert "Голова круглого столу" in text and "Секретар" in text and "(підпис)" in text
    number = protocol_round_table.number
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''" + quote(f"протокол-круглого-столу-{number}.pdf")
    )
    english = client.get(url + "?language=en")
    assert english["Content-Disposition"] == (
        f'inline; filename="protocol-round-table-{number}.pdf"'
    )


@pytest.mark.parametrize(
    "language, title, order",
    [
        (
            "uk",
            "Протокол круглого столу № {number}",
            ["Протокол круглого столу", "Присутні", "Гончаренко Світлана", "Порядок денний"],
        ),
        (
            "en",
            "Protocol of round table No {number}",
            ["Protocol of round table", "Present", "Гончаренко Світлана", "Agenda"],
        ),
    ],
)
def test_the_protocol_is_tagged_archival_in_order_and_prints_no_word_over_another(
    client_for, protocol_round_table, language, title, order
):
    url = reverse("roundtables:protocol_pdf", args=[protocol_round_table.pk])
    response = client_for("staff").get(url, {"language": language})
    pdf = response.content

    assert_archival(pdf, language=language, title=title.format(number=protocol_round_table.number))
    assert_in_reading_order(pdf, [*order, "Узгоджені" if language == "uk" else "Commitments"])
    assert overlapping_words(pdf) == []


def test_the_signatures_share_their_page_with_the_protocols_last_content(
    client_for, protocol_round_table
):
    """Minutes of growing length push the end of the protocol down the first page; at
    the first length that needs a second page, the signature block takes the protocol's
    last content along rather than stand alone on it."""
    url = reverse("roundtables:protocol_pdf", args=[protocol_round_table.pk])
    client = client_for("staff")
    paragraph = "Учасники обговорили, як виявляти осіб, які могли постраждати від торгівлі людьми."
    for paragraphs in range(4, 60, 2):
        RoundTable.objects.filter(pk=protocol_round_table.pk).update(
            minutes="\n\n".join([paragraph] * paragraphs)
        )
        pages = page_texts(client.get(url).content)
        if len(pages) > 1:
            break
    signed = next(page for page in pages if "Секретар" in page)
    assert "Видати розпорядження" in signed  # the last commitment agreed

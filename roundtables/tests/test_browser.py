"""In real Chromium: staff mark attendance from the sign-in sheet; a social worker
closes a commitment of their community; staff plan a round table, searching for its venue
and inviting a whole raion."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from communities.tests.factories import CommunityFactory, RaionFactory
from roundtables.models import Commitment, CommitmentUpdate, Participation, RoundTable
from roundtables.tests.factories import (
    CommitmentFactory,
    ParticipationFactory,
    PersonFactory,
    ResolutionFactory,
    RoundTableFactory,
    RoundTableSeriesFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_staff_mark_attendance_with_a_walk_in(browser_login, cast):
    round_table = RoundTableFactory(venue_community=cast.community_a, invited=[cast.community_a])
    for name in ("Бойко Ірина", "Кравченко Олег", "Мороз Алла"):
        ParticipationFactory(
            round_table=round_table,
            person=PersonFactory(full_name=name, community=cast.community_a),
        )
    page = browser_login("staff")
    page.get_by_role("link", name="Round tables").first.click()
    page.get_by_role("link", name=round_table.title).click()
    page.get_by_role("link", name="Mark attendance").click()
    page.wait_for_load_state()

    expect(page.locator("#attendance-count")).to_have_text("ticked: 0 of 3")
    page.get_by_role("button", name="Tick all").click()  # the page's own script
    expect(page.locator("#attendance-count")).to_have_text("ticked: 3 of 3")
    page.get_by_label("Кравченко Олег").uncheck()
    page.fill("#id_walkin-0-full_name", "Шульга Петро Іванович")
    page.fill("#id_walkin-0-position", "Староста")
    page.select_option("#id_walkin-0-category", "other")
    page.get_by_role("button", name="Save attendance").click()

    expect(page.get_by_text("Attendance recorded: 3 attended, 1 absent.")).to_be_visible()
    statuses = dict(round_table.participations.values_list("person__full_name", "status"))
    assert statuses == {
        "Бойко Ірина": Participation.Status.ATTENDED,
        "Кравченко Олег": Participation.Status.ABSENT,
        "Мороз Алла": Participation.Status.ATTENDED,
        "Шульга Петро Іванович": Participation.Status.ATTENDED,
    }
    walk_in = round_table.participations.get(walk_in=True)
    assert walk_in.person.community == cast.community_a  # the venue, preselected


def test_a_worker_closes_a_commitment_of_their_community(browser_login, cast):
    round_table = RoundTableFactory(venue_community=cast.community_a, invited=[cast.community_a])
    commitment = CommitmentFactory(
        resolution=ResolutionFactory(round_table=round_table),
        community=cast.community_a,
        text="Визначити координатора розпорядженням голови",
    )
    page = browser_login("worker_a")
    page.get_by_role("link", name="Round tables").first.click()
    page.get_by_role("link", name="Commitments").first.click()
    page.get_by_role("link", name="Update status").click()

    page.select_option("#id_status", "done")
    page.fill("#id_note", "Розпорядження № 12 від 01.03.2017 підписано")
    page.get_by_role("button", name="Record the change").click()

    expect(page.get_by_text("Commitment status: done.")).to_be_visible()
    expect(page.get_by_text("Розпорядження № 12 від 01.03.2017 підписано")).to_be_visible()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DONE
    update = CommitmentUpdate.objects.get()
    assert (update.status_before, update.author) == ("open", cast.worker_a)


def test_staff_plan_a_round_table_with_a_searched_venue_and_a_whole_raion_invited(
    browser_login, cast, live_server
):
    """The venue is found by typing part of its name; «all of this raion» invites every
    community of the raion chosen, and no other; the saved round table lists them."""
    RoundTableSeriesFactory(oblast=cast.oblast)
    shostka = RaionFactory(oblast=cast.oblast, name="Шосткинський")
    outside = CommunityFactory(raion=shostka, name="Шосткинська")
    third = CommunityFactory(raion=cast.raion, name="Білопільська")
    page = browser_login("staff")
    page.goto(live_server.url + reverse("roundtables:create"))

    page.fill("#id_title", "Протидія торгівлі людьми: Сумський район")
    page.fill("#id_starts_at", "2031-05-14T10:00")
    page.select_option("#id_status", "planned")
    venue = page.locator("#div_id_venue_community")
    venue.get_by_role("searchbox").fill("Коното")
    venue.get_by_role("button", name="Konotopska").click()  # names shown transliterated
    expect(page.locator("#id_venue_community")).to_have_value(str(cast.community_b.pk))
    page.fill("#id_venue_address", "вул. Миру, 2")

    invited = page.locator("#div_id_invited_communities")
    invited.get_by_role("combobox", name="Raion").select_option(
        label=f"{cast.oblast.name}: {cast.raion.name}"
    )
    invited.get_by_role("button", name="Add all of this raion").click()
    chosen = invited.locator("li.badge")
    expect(chosen).to_have_count(3)
    expect(chosen.filter(has_text="Shostkynska")).to_have_count(0)
    page.get_by_role("button", name="Save").click()

    expect(
        page.get_by_role("heading", name="Протидія торгівлі людьми: Сумський район")
    ).to_be_visible()
    round_table = RoundTable.objects.get(title="Протидія торгівлі людьми: Сумський район")
    assert round_table.venue_community == cast.community_b
    assert set(round_table.invited_communities.all()) == {
        cast.community_a,
        cast.community_b,
        third,
    }
    assert outside not in round_table.invited_communities.all()
    for name in ("Sumska", "Konotopska", "Bilopilska"):
        expect(page.get_by_text(name).first).to_be_visible()

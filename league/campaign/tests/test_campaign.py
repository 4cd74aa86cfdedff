import datetime
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import Community, Raion
from league.campaign import selectors, services
from league.campaign.models import (
    CampaignActivity,
    CampaignStrategy,
    CommunityAgreement,
    StrategyStatusChange,
)
from league.campaign.tests.factories import ActivityFactory, AgreementFactory, StrategyFactory

PDF = b"%PDF-1.4\n%test\n"
Stance = CommunityAgreement.Stance


def activity_post(**changes):
    data = {
        "date": "2017-05-02",
        "kind": "stand",
        "target_groups": ["youth", "parents"],
        "people_reached": "40",
        "materials_distributed": "25",
        "partners": "Поліція",
        "form_token": str(uuid4()),  # a new form's one-time token
    }
    data.update(changes)
    return data


def version_post(**changes):
    """A strategy version form as a person fills it in, with a new form's token."""
    data = {
        "date": "2017-01-05",
        "key_messages": "Безпечний виїзд",
        "target_groups": "Молодь",
        "channels": "Школи",
        "timeline": "2017",
        "form_token": uuid4(),
    }
    data.update(changes)
    return data


# --- Strategy and its status ---


def test_agreeing_needs_the_council_reference_and_logs_the_change(cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    with pytest.raises(services.CampaignError) as refused:
        services.strategy_change_status(strategy=strategy, status="agreed", changed_by=cast.staff)
    assert refused.value.code == "agreement_needs_reference"
    assert StrategyStatusChange.objects.count() == 0
    services.strategy_change_status(
        strategy=strategy,
        status="agreed",
        changed_by=cast.staff,
        council_reference="лист № 01-15/123",
        council_date=datetime.date(2017, 2, 10),
    )
    strategy.refresh_from_db()
    assert strategy.status == "agreed"
    assert strategy.council_reference == "лист № 01-15/123"
    change = StrategyStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "agreed",
        cast.staff,
    )


def test_a_strategy_cannot_skip_to_finished(cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    with pytest.raises(services.CampaignError) as refused:
        services.strategy_change_status(strategy=strategy, status="finished", changed_by=cast.staff)
    assert refused.value.code == "status_not_allowed"
    strategy.refresh_from_db()
    assert strategy.status == "draft"


def test_the_status_page_says_what_is_missing_and_writes_nothing(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    response = client_for("staff").post(
        reverse("campaign:strategy_status", args=[strategy.pk]), {"status": "agreed"}, follow=True
    )
    assert "Вкажіть реквізити рішення або листа ради та його дату." in response.content.decode()
    strategy.refresh_from_db()
    assert strategy.status == "draft"
    assert not StrategyStatusChange.objects.exists()


def test_versions_are_numbered_in_order_with_their_document(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    client = client_for("staff")
    for day in (1, 2):
        response = client.post(
            reverse("campaign:version_create", args=[strategy.pk]),
            version_post(date=f"2017-01-0{day}", document=SimpleUploadedFile("strategy.pdf", PDF)),
        )
        assert response.status_code == 302
    assert list(strategy.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    version = strategy.versions.get(number=2)
    download = client_for("worker_b").get(reverse("campaign:version_document", args=[version.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_strategy_form_sent_twice_creates_one_strategy(client_for, cast):
    client = client_for("staff")
    url = reverse("campaign:strategy_create")
    token = client.get(url).context["form"].fields["form_token"].initial
    data = {"oblast": cast.oblast.pk, "title": "Безпечна праця", "form_token": token}
    first = client.post(url, data)
    strategy = CampaignStrategy.objects.get()
    assert first.status_code == 302 and first.url == strategy.get_absolute_url()
    assert strategy.history.get().history_user == cast.staff
    again = client.post(url, data, follow=True)
    assert CampaignStrategy.objects.count() == 1
    assert again.redirect_chain == [(strategy.get_absolute_url(), 302)]
    assert "Цю форму вже було збережено; нічого не додано двічі." in again.content.decode()
    # A new form (a new token) is a new strategy.
    client.post(url, {**data, "form_token": uuid4()})
    assert CampaignStrategy.objects.count() == 2


def test_a_strategy_form_without_its_token_saves_nothing_and_says_so(client_for, cast):
    response = client_for("staff").post(
        reverse("campaign:strategy_create"), {"oblast": cast.oblast.pk, "title": "Без ключа"}
    )
    assert response.status_code == 200
    assert not CampaignStrategy.objects.exists()
    assert "нічого не збережено" in response.content.decode()


def test_a_version_form_sent_twice_adds_one_version(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    url = reverse("campaign:version_create", args=[strategy.pk])
    data = version_post()
    client = client_for("staff")
    for _ in range(2):
        assert client.post(url, data).url == strategy.get_absolute_url()
    assert list(strategy.versions.values_list("number", flat=True)) == [1]


def test_a_council_official_of_another_oblast_does_not_see_the_strategy(client_for, cast):
    from communities.tests.factories import OblastFactory

    other = StrategyFactory(oblast=OblastFactory(katottg="UA18000000000041385", name="Житомирська"))
    response = client_for("council").get(reverse("campaign:strategy_detail", args=[other.pk]))
    assert response.status_code == 404


# --- Agreements ---


def test_recording_a_stance_twice_keeps_one_row(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    url = reverse("campaign:agreement_edit", args=[strategy.pk, cast.community_a.pk])
    client = client_for("staff")
    for _ in range(2):
        response = client.post(
            url, {"stance": "joined", "date": "2017-03-03", "note": "", "version": 0}
        )
        assert response.status_code == 302
    agreement = CommunityAgreement.objects.get()
    assert (agreement.community, agreement.stance) == (cast.community_a, Stance.JOINED)


def test_an_answer_without_a_date_is_refused(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    url = reverse("campaign:agreement_edit", args=[strategy.pk, cast.community_a.pk])
    response = client_for("staff").post(url, {"stance": "agreed", "date": "", "version": 0})
    assert response.status_code == 200
    assert "Вкажіть дату відповіді громади." in response.content.decode()
    assert not CommunityAgreement.objects.exists()


def test_a_stance_saved_on_an_older_form_is_refused_with_what_changed(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    url = reverse("campaign:agreement_edit", args=[strategy.pk, cast.community_a.pk])
    staff, admin = client_for("staff"), client_for("admin")
    mine = staff.get(url).context["form"]["version"].value()
    theirs = admin.get(url).context["form"]["version"].value()
    assert mine == theirs == 0
    first = admin.post(url, {"stance": "agreed", "date": "2017-03-03", "note": "", "version": 0})
    edited = admin.post(url, {"stance": "joined", "date": "2017-03-05", "note": "", "version": 1})

    late = staff.post(url, {"stance": "declined", "date": "2017-03-04", "note": "", "version": 0})

    assert (first.status_code, edited.status_code, late.status_code) == (302, 302, 409)
    agreement = CommunityAgreement.objects.get()
    assert (agreement.stance, agreement.version) == (Stance.JOINED, 2)
    page = late.content.decode()
    assert "Тим часом збережено" in page and "долучилася власними заходами" in page
    assert late.context["form"]["version"].value() == 2
    again = staff.post(url, {"stance": "declined", "date": "2017-03-04", "note": "", "version": 1})
    assert again.status_code == 409
    saved = staff.post(url, {"stance": "declined", "date": "2017-03-04", "note": "", "version": 2})
    assert saved.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.stance, agreement.version) == (Stance.DECLINED, 3)


def test_a_stance_form_without_its_version_saves_nothing(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    url = reverse("campaign:agreement_edit", args=[strategy.pk, cast.community_a.pk])
    response = client_for("staff").post(url, {"stance": "agreed", "date": "2017-03-03"})
    assert response.status_code == 200
    assert "Сторінка була неповна або застаріла" in response.content.decode()
    assert not CommunityAgreement.objects.exists()


def test_the_summary_counts_per_raion_and_the_chart_carries_the_numbers(client_for, cast):
    strategy = StrategyFactory(oblast=cast.oblast)
    AgreementFactory(strategy=strategy, community=cast.community_a, stance=Stance.AGREED)
    AgreementFactory(strategy=strategy, community=cast.community_b, stance=Stance.JOINED)
    other_raion = Raion.objects.create(oblast=cast.oblast, name="Роменський")
    declining = Community.objects.create(
        katottg="UA59000000000000991",
        name="Андріяшівська",
        type="rural",
        raion=other_raion,
        centre="Андріяшівка",
    )
    AgreementFactory(strategy=strategy, community=declining, stance=Stance.DECLINED)
    Community.objects.create(
        katottg="UA59000000000000992",
        name="Хмелівська",
        type="rural",
        raion=other_raion,
        centre="Хмелів",
    )
    summary = selectors.agreement_summary(cast.staff, strategy)
    assert [
        (row["raion"], row["communities"], row["agreed"], row["joined"], row["declined"])
        for row in summary
    ] == [("Роменський", 2, 0, 0, 1), ("Сумський", 2, 1, 1, 0)]
    page = (
        client_for("staff")
        .get(reverse("campaign:agreement_summary", args=[strategy.pk]))
        .content.decode()
    )
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<text" in svg and "2 / 2" in svg and "0 / 2" in svg
    # a social worker sees only their own community
    worker_summary = selectors.agreement_summary(cast.worker_a, strategy)
    assert [(row["communities"], row["agreed"]) for row in worker_summary] == [(1, 1)]


def _make_communities(oblast, count):
    raions = [Raion.objects.create(oblast=oblast, name=f"Р{index}") for index in range(5)]
    Community.objects.bulk_create(
        Community(
            katottg=f"UA59{index + 5000:015d}",
            name=f"Громада {index}",
            type="rural",
            raion=raions[index % 5],
            centre="Село",
        )
        for index in range(count)
    )


@pytest.mark.parametrize("count", [51, 1000])
def test_the_summary_costs_the_same_for_51_and_1000_communities(
    client_for, cast, count, django_assert_num_queries
):
    strategy = StrategyFactory(oblast=cast.oblast)
    _make_communities(cast.oblast, count)
    client = client_for("staff")
    # session, user, strategy, summary GROUP BY, one raion's communities
    with django_assert_num_queries(5):
        response = client.get(
            reverse("campaign:agreement_summary", args=[strategy.pk]) + f"?raion={cast.raion.pk}"
        )
    assert response.status_code == 200


# --- Activities ---


def test_a_worker_records_an_activity_in_their_own_community(client_for, cast):
    url = reverse("campaign:activity_create", args=[cast.community_a.pk])
    response = client_for("worker_a").post(
        url,
        {
            **activity_post(),
            "photo": SimpleUploadedFile("stand.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64),
        },
    )
    assert response.status_code == 302
    activity = CampaignActivity.objects.get()
    assert activity.community == cast.community_a
    assert activity.target_groups == ["youth", "parents"]
    assert (activity.people_reached, activity.materials_distributed) == (40, 25)
    assert activity.recorded_by == cast.worker_a
    assert activity.photo_name == "stand.png"
    assert activity.history.get().history_user == cast.worker_a


def test_a_worker_cannot_record_in_another_community(client_for, cast):
    url = reverse("campaign:activity_create", args=[cast.community_b.pk])
    assert client_for("worker_a").post(url, activity_post()).status_code == 404
    assert client_for("council").post(url, activity_post()).status_code == 403
    assert not CampaignActivity.objects.exists()


def test_staff_record_anywhere(client_for, cast):
    url = reverse("campaign:activity_create", args=[cast.community_b.pk])
    assert client_for("staff").post(url, activity_post()).status_code == 302
    assert CampaignActivity.objects.get().community == cast.community_b


def test_an_activity_without_a_target_group_is_refused(client_for, cast):
    url = reverse("campaign:activity_create", args=[cast.community_a.pk])
    response = client_for("worker_a").post(url, activity_post(target_groups=[]))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["target_groups"]
    assert not CampaignActivity.objects.exists()


def test_an_activity_in_the_future_is_refused(client_for, cast):
    url = reverse("campaign:activity_create", args=[cast.community_a.pk])
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = client_for("worker_a").post(url, activity_post(date=tomorrow.isoformat()))
    assert "Записуйте заходи після того, як вони відбулися." in response.content.decode()
    assert not CampaignActivity.objects.exists()


def test_the_activity_list_is_scoped_and_totalled(client_for, cast, django_assert_num_queries):
    ActivityFactory.create_batch(3, community=cast.community_a, people_reached=10)
    ActivityFactory(community=cast.community_b, people_reached=99)
    client = client_for("worker_a")
    # session, user, raions, own communities (record links), filter communities, totals, page
    with django_assert_num_queries(7):
        response = client.get(reverse("campaign:activity_list"))
    assert response.context["totals"] == {"activities": 3, "people": 30, "materials": 30}
    assert [activity.community for activity in response.context["page"]] == [cast.community_a] * 3
    staff = client_for("staff").get(reverse("campaign:activity_list") + "?kind=school_lecture")
    assert staff.context["totals"]["people"] == 129
    assert list(staff.context["record_communities"]) == []


def test_staff_pick_a_raion_to_see_its_communities(client_for, cast):
    response = client_for("staff").get(
        reverse("campaign:activity_list") + f"?raion={cast.raion.pk}"
    )
    assert set(response.context["record_communities"]) == {cast.community_a, cast.community_b}
    assert set(response.context["form"].fields["community"].queryset) == {
        cast.community_a,
        cast.community_b,
    }


def test_strategy_model_constraint_agreed_needs_reference(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignStrategy.objects.create(oblast=cast.oblast, title="x", status="agreed")


def test_the_same_form_sent_twice_records_one_activity(client_for, cast):
    url = reverse("campaign:activity_create", args=[cast.community_a.pk])
    client = client_for("worker_a")
    key = client.get(url).context["form"]["form_token"].value()
    for _ in range(2):
        response = client.post(url, activity_post(form_token=str(key)))
        assert response.status_code == 302
    assert CampaignActivity.objects.count() == 1


def test_the_community_page_shows_its_campaign(client_for, cast, django_assert_num_queries):
    strategy = StrategyFactory(oblast=cast.oblast, title="Спільна стратегія")
    AgreementFactory(strategy=strategy, community=cast.community_a, stance=Stance.JOINED)
    ActivityFactory.create_batch(7, community=cast.community_a, people_reached=10)
    ActivityFactory(community=cast.community_b, people_reached=99)
    with django_assert_num_queries(3):
        section = selectors.community_campaign_section(cast.worker_a, cast.community_a)
    assert len(section["activities"]) == 5
    assert section["totals"]["people"] == 70
    page = client_for("worker_a").get(cast.community_a.get_absolute_url()).content.decode()
    assert "Спільна стратегія: <strong>долучилася власними заходами</strong>" in page
    assert reverse("campaign:activity_create", args=[cast.community_a.pk]) in page
    council = client_for("council").get(cast.community_a.get_absolute_url()).content.decode()
    assert reverse("campaign:activity_create", args=[cast.community_a.pk]) not in council


def test_a_strategy_in_force_is_called_чинна(client_for, cast):
    from league.campaign.models import CampaignStrategy

    StrategyFactory(
        oblast=cast.oblast,
        status=CampaignStrategy.Status.ACTIVE,
        council_reference="Рішення № 12",
        council_date=datetime.date(2017, 3, 1),
    )
    page = client_for("staff").get(reverse("campaign:strategy_list")).content.decode()
    assert "чинна" in page and "чинний" not in page


def test_a_version_names_its_date_as_pages_do_never_in_iso():
    from league.campaign.models import StrategyVersion

    version = StrategyVersion(number=2, date=datetime.date(2017, 3, 1))
    assert str(version) == "версія 2 від 01.03.2017"

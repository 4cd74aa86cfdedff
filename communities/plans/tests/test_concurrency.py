"""Many people at once, on PostgreSQL with a connection each (threads), through the whole
stack: no lost update, no duplicate, every log chained, never a server error.

SQLite takes one writer at a time and so cannot show any of this; CI runs PostgreSQL."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities.plans.models import IdentificationPlan, MeasureUpdate, ServiceContract
from communities.plans.tests.factories import IdentificationPlanFactory, PlanMeasureFactory
from league.tests.concurrency import client_of, postgresql_only, run_together
from league.tests.forms import hidden_fields

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]
EDITORS = 20


def run_at_once(user, requests: list) -> list[int]:
    """Each request is (url, data); all are posted at the same moment, each from its own
    client and database connection. Returns the status codes in order."""
    clients = [client_of(user) for _ in requests]
    return run_together(
        len(requests), lambda index: clients[index].post(*requests[index]).status_code
    )


def test_twenty_editors_of_one_plan_lose_nothing(cast):
    plan = IdentificationPlanFactory(community=cast.community_a)
    url = reverse("communities:plan_update", args=[plan.pk])
    client = Client()
    client.force_login(cast.staff)
    loaded = hidden_fields(client.get(url))
    requests = [
        (url, {**loaded, "start_year": 2018, "end_year": 2020, "notes": f"редактор {number}"})
        for number in range(EDITORS)
    ]
    statuses = run_at_once(cast.staff, requests)
    assert set(statuses) <= {302, 409}
    assert statuses.count(302) == 1  # all loaded version 1: one wins, the rest are told
    plan.refresh_from_db()
    winner = statuses.index(302)
    assert (plan.notes, plan.version) == (f"редактор {winner}", 2)


def test_twenty_editors_each_with_a_fresh_form_all_save_in_turn(cast):
    plan = IdentificationPlanFactory(community=cast.community_a)
    url = reverse("communities:plan_update", args=[plan.pk])
    requests = []
    for number in range(EDITORS):
        # Each editor reloads before saving: a save is refused only if someone saved
        # between this editor's load and save, never silently merged.
        requests.append((url, {"start_year": 2018, "end_year": 2020, "notes": f"№{number}"}))
    statuses = []
    for version_base in range(0, EDITORS, 5):
        batch = [
            (request_url, {**data, "version": IdentificationPlan.objects.get(pk=plan.pk).version})
            for request_url, data in requests[version_base : version_base + 5]
        ]
        statuses += run_at_once(cast.staff, batch)
    assert set(statuses) <= {302, 409}
    plan.refresh_from_db()
    saved = statuses.count(302)
    assert plan.version == 1 + saved
    assert plan.history.count() == 1 + saved  # every save on record, none lost


def test_simultaneous_measure_changes_all_land_and_the_status_follows_the_log(cast):
    measure = PlanMeasureFactory(plan__community=cast.community_a)
    url = reverse("communities:measure_status", args=[measure.pk])
    today = timezone.localdate().isoformat()
    statuses_cycle = ["in_progress", "not_done", "in_progress", "planned"]
    client = Client()
    client.force_login(cast.staff)
    requests = [
        (
            url,
            {**hidden_fields(client.get(url)), "status": statuses_cycle[number % 4], "date": today},
        )
        for number in range(10)
    ]
    statuses = run_at_once(cast.staff, requests)
    assert statuses == [302] * 10
    log = list(MeasureUpdate.objects.filter(measure=measure).order_by("date", "pk"))
    measure.refresh_from_db()
    assert len(log) == 10
    assert measure.status == log[-1].status
    assert measure.version == 1 + sum(
        1
        for before, after in zip([None, *log], log, strict=False)
        if (before.status if before else "planned") != after.status
    )


def test_simultaneous_plan_status_changes_chain_in_the_history(cast):
    plan = IdentificationPlanFactory(community=cast.community_a, status="drafting")
    url = reverse("communities:plan_status", args=[plan.pk])
    targets = ["submitted", "drafting", "not_started", "submitted", "drafting"] * 2
    statuses = run_at_once(cast.staff, [(url, {"status": target}) for target in targets])
    assert set(statuses) <= {200, 302}  # 200: the form again, "already in that status"
    plan.refresh_from_db()
    history = list(plan.history.order_by("history_date", "history_id"))
    assert history[-1].status == plan.status
    assert history[-1].version == plan.version == len(history)


def test_the_same_contract_form_posted_twenty_times_at_once_makes_one_contract(cast):
    url = reverse("communities:contract_create", args=[cast.community_a.pk])
    client = Client()
    client.force_login(cast.staff)
    form = {
        **hidden_fields(client.get(url)),
        "service": "Соціальний супровід",
        "provider_name": "ГО «Ліга»",
        "provider_edrpou": "21345678",
        "amount": "85000.00",
        "status": "contracted",
        "people_served": 4,
        "contract_date": timezone.localdate().isoformat(),
        "period_start": timezone.localdate().isoformat(),
        "period_end": timezone.localdate().isoformat(),
    }
    statuses = run_at_once(cast.staff, [(url, form)] * EDITORS)
    assert statuses == [302] * EDITORS
    assert ServiceContract.objects.count() == 1


def test_two_plans_for_the_same_years_at_once_make_one_and_tell_the_other(cast):
    url = reverse("communities:plan_create", args=[cast.community_a.pk])
    client = Client()
    client.force_login(cast.staff)
    forms = [
        {**hidden_fields(client.get(url)), "start_year": 2019, "end_year": 2021, "notes": ""}
        for _ in range(2)
    ]
    statuses = run_at_once(cast.staff, [(url, form) for form in forms])
    # The loser's overlap check or the unique start year tells it; never a 500.
    assert sorted(statuses) == [200, 302]
    assert IdentificationPlan.objects.filter(community=cast.community_a).count() == 1

"""The write path's building blocks (league/domain.py, league/once.py), on real models."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from communities.plans.models import IdentificationPlan, MeasureUpdate, ServiceContract
from communities.plans.tests.factories import (
    IdentificationPlanFactory,
    MeasureUpdateFactory,
    ServiceContractFactory,
)
from league import domain
from league.models import FormSubmission
from league.once import create_once, submitted_once

pytestmark = pytest.mark.django_db


def test_a_domain_error_carries_a_code_and_a_message():
    error = domain.DomainError("Спробуйте пізніше.", code="later")
    assert (error.code, error.message, str(error)) == (
        "later",
        "Спробуйте пізніше.",
        "Спробуйте пізніше.",
    )
    assert domain.DomainError("Ні.").code == "refused"


def test_validated_save_records_the_author_and_refuses_bad_input(cast):
    contract = ServiceContractFactory.build(community=cast.community_a)
    domain.validated_save(contract, by=cast.staff)
    assert contract.history.latest().history_user == cast.staff
    contract.provider_edrpou = "123"
    with pytest.raises(ValidationError):
        domain.validated_save(contract, by=cast.staff)


def test_a_unique_rule_lost_to_a_parallel_save_is_a_domain_error(cast, monkeypatch):
    plan = IdentificationPlanFactory.build(community=cast.community_a)

    def lose_the_race(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(IdentificationPlan, "full_clean", lambda self, **kwargs: None)
    monkeypatch.setattr(IdentificationPlan, "save_base", lose_the_race)
    with pytest.raises(domain.SavedMeanwhile) as refused:
        domain.validated_save(plan, by=cast.staff)
    assert refused.value.code == "saved_meanwhile"


def test_save_versioned_refuses_a_stale_edit_and_lists_what_changed(cast, django_user_model):
    contract = ServiceContractFactory(
        community=cast.community_a, amount="100.00", status="announced"
    )
    theirs = ServiceContract.objects.get(pk=contract.pk)
    theirs.amount, theirs.status = "200.00", "contracted"
    domain.save_versioned(theirs, by=cast.staff, version=1)
    mine = ServiceContract.objects.get(pk=contract.pk)
    mine.notes = "моя зміна"
    with pytest.raises(domain.StaleEdit) as refused:
        domain.save_versioned(mine, by=cast.worker_a, version=1)
    shown = {(str(change.old), str(change.new)) for change in refused.value.changes}
    assert ("100.00", "200.00") in shown
    assert (
        str(ServiceContract.Status.ANNOUNCED.label),
        str(ServiceContract.Status.CONTRACTED.label),
    ) in shown
    assert {str(change.by) for change in refused.value.changes} == {str(cast.staff)}
    assert refused.value.code == "stale"
    contract.refresh_from_db()
    assert (contract.notes, contract.version) == ("", 2)


def test_a_stale_edit_names_related_records_and_choices_by_their_labels(cast):
    plan = IdentificationPlanFactory(community=cast.community_a)
    theirs = IdentificationPlan.objects.get(pk=plan.pk)
    theirs.community = cast.community_b
    theirs.status = "submitted"
    theirs.notes = ""
    domain.save_versioned(theirs, by=cast.staff, version=1)
    mine = IdentificationPlan.objects.get(pk=plan.pk)
    mine.notes = "інше"
    with pytest.raises(domain.StaleEdit) as refused:
        domain.save_versioned(mine, by=cast.staff, version=1)
    shown = {str(change.new) for change in refused.value.changes}
    assert str(cast.community_b) in shown
    assert "подано до ради" in shown  # the status as a person reads it


def test_a_stale_edit_without_the_old_version_in_the_history_still_refuses(cast):
    contract = ServiceContractFactory(community=cast.community_a)
    contract.history.all().delete()
    ServiceContract.objects.filter(pk=contract.pk).update(version=5)
    contract.notes = "x"
    with pytest.raises(domain.StaleEdit) as refused:
        domain.save_versioned(contract, by=cast.staff, version=1)
    assert [change.label for change in refused.value.changes] == ["запис"]
    assert refused.value.changes[0].by == "Хтось"


def test_save_record_creates_or_edits_the_version_just_read(cast):
    contract = domain.save_record(
        ServiceContractFactory.build(community=cast.community_a), by=cast.staff
    )
    assert contract.version == 1
    contract.notes = "без форми"
    domain.save_record(contract, by=cast.staff)
    contract.refresh_from_db()
    assert (contract.notes, contract.version) == ("без форми", 2)


def test_bump_version_marks_a_change_made_without_a_form(cast):
    contract = ServiceContractFactory(community=cast.community_a)
    domain.bump_version(contract)
    assert contract.version == 2
    new = ServiceContractFactory.build(community=cast.community_a)
    domain.bump_version(new)  # nothing stored yet: nothing to bump
    assert new.version == 1


def test_a_form_token_creates_once_and_sends_a_repeat_to_the_first_result(cast):
    token = uuid.uuid4()
    calls = []

    def create():
        calls.append(1)
        return ServiceContractFactory(community=cast.community_a)

    created, url = create_once(token=token, user=cast.staff, create=create)
    again, url_again = create_once(token=token, user=cast.staff, create=create)
    assert created is not None and again is None
    assert url == url_again == created.get_absolute_url()
    assert len(calls) == 1 and ServiceContract.objects.count() == 1


def test_a_failed_create_does_not_use_up_its_token(cast):
    token = uuid.uuid4()

    def refuse():
        raise domain.DomainError("ні")

    with pytest.raises(domain.DomainError):
        create_once(token=token, user=cast.staff, create=refuse)
    assert not FormSubmission.objects.filter(token=token).exists()
    create_once(
        token=token,
        user=cast.staff,
        create=lambda: ServiceContractFactory(community=cast.community_a),
        url_of=lambda contract: "/elsewhere/",
    )
    assert FormSubmission.objects.get(token=token).url == "/elsewhere/"
    assert str(FormSubmission.objects.get(token=token)) == str(token)


def test_another_persons_token_is_not_theirs_to_follow(cast):
    token = uuid.uuid4()
    with submitted_once(token, cast.staff) as submission:
        submission.created(ServiceContractFactory(community=cast.community_a))
    with submitted_once(token, cast.worker_a) as submission:
        assert submission.already_saved and submission.url == ""


def test_a_repeat_of_an_edit_already_saved_is_no_conflict(cast):
    contract = ServiceContractFactory(community=cast.community_a, notes="")
    first = ServiceContract.objects.get(pk=contract.pk)
    first.notes = "двічі"
    domain.save_versioned(first, by=cast.staff, version=1)
    repeat = ServiceContract.objects.get(pk=contract.pk)
    repeat.notes = "двічі"
    saved = domain.save_versioned(repeat, by=cast.staff, version=1)
    assert (saved.notes, saved.version) == ("двічі", 2)


def test_an_emptied_field_is_shown_as_a_dash(cast):
    contract = ServiceContractFactory(community=cast.community_a, notes="було")
    theirs = ServiceContract.objects.get(pk=contract.pk)
    theirs.notes = ""
    domain.save_versioned(theirs, by=cast.staff, version=1)
    mine = ServiceContract.objects.get(pk=contract.pk)
    mine.provider_name = "Інший"
    with pytest.raises(domain.StaleEdit) as refused:
        domain.save_versioned(mine, by=cast.staff, version=1)
    assert ("було", "—") in {(change.old, change.new) for change in refused.value.changes}


def test_log_rows_are_never_changed_or_deleted(cast):
    update = MeasureUpdateFactory(measure__plan__community=cast.community_a)
    rows = MeasureUpdate.objects.filter(pk=update.pk)
    for attempt in (update.save, update.delete, lambda: rows.update(note=""), rows.delete):
        with pytest.raises(domain.DomainError) as refused:
            attempt()
        assert refused.value.code == "append_only"
    assert MeasureUpdate.objects.filter(pk=update.pk, note=update.note).exists()


# Exceptions that never reach a person: control flow inside one module.
NOT_REFUSALS = {
    "league.disclosure._Unbounded": "the solver's own signal, caught where it is raised",
    "league.disclosure._Settled": "the solver's early stop, caught where it is raised",
    "league.disclosure._Uncertified": "a bound HiGHS gave that the exact check did not confirm",
    "league.admin_policy.AdminRefused": "carries a service's refusal out of the admin's "
    "transaction, to roll it back; the refusal itself is the DomainError it holds",
    "league.admin_policy.AlreadySaved": "carries a repeated add form to the first's record",
    "league.tables.CellError": "one cell's problem, reported as a row of TableRefused",
    "league.management.commands.benchmark.Rollback": "undoes the benchmark's own writes",
    "league.management.commands.benchmark_reports.Rollback": "undoes the benchmark's writes",
}


def test_every_refusal_is_a_domain_error():
    """One refusal type (docs/architecture.md): whatever a service, a reader, the
    protection, the PDF renderer or the backup refuses is a DomainError with a message a
    person can act on."""
    import importlib
    import inspect
    import pkgutil

    refusals = {}
    for app in ("league", "communities", "roundtables", "monitoring"):
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".tests" in module_info.name or ".migrations" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for name, value in vars(module).items():
                if (
                    inspect.isclass(value)
                    and issubclass(value, Exception)
                    and value.__module__ == module.__name__
                ):
                    refusals[f"{module.__name__}.{name}"] = value
    assert "league.tables.TableRefused" in refusals  # the walk reached the modules
    strays = [
        name
        for name, value in refusals.items()
        if not issubclass(value, domain.DomainError) and name not in NOT_REFUSALS
    ]
    assert strays == []

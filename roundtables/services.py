"""Writes to the round tables: planning, participants, attendance, decisions, files.

Every function validates (`full_clean`) before saving, changes several rows in one
transaction, and records who did it in the history (`_history_user`). Callers have
already asked the permission policy.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community
from league import uploads
from roundtables import importing
from roundtables.models import (
    AGENDA_MAX_ITEMS,
    AgendaItem,
    Attachment,
    Commitment,
    CommitmentUpdate,
    Participation,
    Person,
    Resolution,
    RoundTable,
    person_name_key,
)


class RoundTableError(Exception):
    """A domain rule refused the change; `message` says what to do instead."""

    def __init__(self, code: str, message: str, *, existing: Person | None = None):
        self.code = code
        self.message = message
        self.existing = existing
        super().__init__(message)


def _save(instance, changed_by):
    instance._history_user = changed_by
    instance.full_clean()
    instance.save()
    return instance


# Round tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaLine:
    title: str
    speaker: str = ""


def round_table_save(
    *,
    round_table: RoundTable,
    invited_communities: Iterable[Community],
    facilitators: Iterable,
    agenda: Sequence[AgendaLine],
    changed_by,
) -> RoundTable:
    """Save a round table with its invitations, facilitators and agenda (in order).

    Agenda items are updated in place by position, so their history stays continuous.
    An agenda longer than AGENDA_MAX_ITEMS is refused (RoundTableError), as the form does.
    """
    if len(agenda) > AGENDA_MAX_ITEMS:
        raise RoundTableError(
            "agenda_too_long",
            _("An agenda has at most %(limit)s items.") % {"limit": AGENDA_MAX_ITEMS},
        )
    with transaction.atomic():
        _save(round_table, changed_by)
        round_table.invited_communities.set(invited_communities)
        round_table.facilitators.set(facilitators)
        existing = list(round_table.agenda_items.order_by("order"))
        for position, line in enumerate(agenda, start=1):
            item = existing[position - 1] if position <= len(existing) else None
            item = item or AgendaItem(round_table=round_table)
            item.order, item.title, item.speaker = position, line.title, line.speaker
            _save(item, changed_by)
        for item in existing[len(agenda) :]:
            item._history_user = changed_by
            item.delete()
    return round_table


# People and participation --------------------------------------------------------------


def person_find_existing(*, full_name: str, community: Community) -> Person | None:
    """The register's record of this person (same name and community), if any. One query."""
    return Person.objects.filter(name_key=person_name_key(full_name), community=community).first()


def person_create(*, person: Person, changed_by) -> Person:
    """Add a person to the register. A person already registered (same name and
    community) is refused with RoundTableError carrying the existing record, so the
    page can offer it instead of making a duplicate."""
    existing = person_find_existing(full_name=person.full_name, community=person.community)
    if existing is not None:
        raise RoundTableError(
            "duplicate_person",
            _("%(name)s of %(community)s is already in the register.")
            % {"name": existing.full_name, "community": existing.community.name},
            existing=existing,
        )
    return _save(person, changed_by)


def person_save(*, person: Person, changed_by) -> Person:
    return _save(person, changed_by)


def _check_status_possible(round_table: RoundTable, status: str) -> None:
    if (
        status in (Participation.Status.ATTENDED, Participation.Status.ABSENT)
        and not round_table.has_taken_place
    ):
        raise RoundTableError(
            "not_yet_held",
            _("Attendance can be recorded only after the round table has taken place."),
        )


def participation_invite(
    *, round_table: RoundTable, person: Person, status: str, changed_by
) -> Participation:
    """Put a person on a round table's list; if already there, set the new status."""
    _check_status_possible(round_table, status)
    participation = Participation.objects.filter(round_table=round_table, person=person).first()
    participation = participation or Participation(round_table=round_table, person=person)
    participation.status = status
    return _save(participation, changed_by)


def participations_invite(
    *, round_table: RoundTable, people: list[Person], status: str, changed_by
) -> list[Participation]:
    """Put several people on a round table's list at once: all of them or, when the
    status is impossible for the round table, none."""
    _check_status_possible(round_table, status)
    with transaction.atomic():
        return [
            participation_invite(
                round_table=round_table, person=person, status=status, changed_by=changed_by
            )
            for person in people
        ]


def participant_add_new(
    *, round_table: RoundTable, person: Person, status: str, changed_by
) -> Participation:
    """Register a new person and put them on the round table's list, in one transaction.
    A person already registered is refused as in person_create."""
    with transaction.atomic():
        person_create(person=person, changed_by=changed_by)
        return participation_invite(
            round_table=round_table, person=person, status=status, changed_by=changed_by
        )


def participation_set_status(*, participation: Participation, status: str, changed_by):
    _check_status_possible(participation.round_table, status)
    participation.status = status
    return _save(participation, changed_by)


def participation_remove(*, participation: Participation, removed_by) -> None:
    participation._history_user = removed_by
    participation.delete()


@dataclass(frozen=True)
class WalkIn:
    full_name: str
    position: str
    organisation: str
    community: Community
    category: str


@dataclass(frozen=True)
class AttendanceResult:
    attended: int
    absent: int
    walk_ins_added: int
    walk_ins_found: list[str]


def attendance_record(
    *,
    round_table: RoundTable,
    attended_ids: set[int],
    walk_ins: Sequence[WalkIn],
    recorded_by,
) -> AttendanceResult:
    """Record the sign-in sheet: everyone on the list whose participation id is in
    `attended_ids` attended, everyone else on it was absent; walk-ins are added as
    attended. A walk-in already in the register is linked to that record, never
    duplicated. Refused before the meeting or for a cancelled one."""
    if not round_table.has_taken_place:
        raise RoundTableError(
            "not_yet_held",
            _("Attendance can be recorded only after the round table has taken place."),
        )
    if round_table.status == RoundTable.Status.CANCELLED:
        raise RoundTableError(
            "cancelled", _("The round table was cancelled: there is no attendance to record.")
        )
    attended = absent = added = 0
    found = []
    with transaction.atomic():
        for participation in round_table.participations.select_for_update():
            new_status = (
                Participation.Status.ATTENDED
                if participation.pk in attended_ids
                else Participation.Status.ABSENT
            )
            attended += new_status == Participation.Status.ATTENDED
            absent += new_status == Participation.Status.ABSENT
            if participation.status != new_status:
                participation_set_status(
                    participation=participation, status=new_status, changed_by=recorded_by
                )
        for walk_in in walk_ins:
            person = person_find_existing(full_name=walk_in.full_name, community=walk_in.community)
            if person is None:
                person = _save(
                    Person(
                        full_name=walk_in.full_name,
                        position=walk_in.position,
                        organisation=walk_in.organisation,
                        community=walk_in.community,
                        category=walk_in.category,
                    ),
                    recorded_by,
                )
                added += 1
            else:
                found.append(person.full_name)
            participation = Participation.objects.filter(
                round_table=round_table, person=person
            ).first()
            if participation is None:
                participation = Participation(round_table=round_table, person=person, walk_in=True)
                attended += 1
            elif participation.status != Participation.Status.ATTENDED:
                attended += 1
                absent -= participation.status == Participation.Status.ABSENT
            participation.status = Participation.Status.ATTENDED
            _save(participation, recorded_by)
    return AttendanceResult(
        attended=attended, absent=absent, walk_ins_added=added, walk_ins_found=found
    )


# Resolutions and commitments ------------------------------------------------------------


def resolution_save(*, resolution: Resolution, changed_by) -> Resolution:
    return _save(resolution, changed_by)


def resolution_delete(*, resolution: Resolution, deleted_by) -> None:
    """Delete a resolution; refused while commitments follow from it."""
    if resolution.commitments.exists():
        raise RoundTableError(
            "has_commitments",
            _("Commitments follow from this resolution: remove or move them first."),
        )
    resolution._history_user = deleted_by
    resolution.delete()


def commitment_save(*, commitment: Commitment, changed_by) -> Commitment:
    """Create or edit a commitment's text, community, responsible and due date.
    Its status changes only through commitment_status_change, which keeps the log."""
    if commitment.pk is None:
        commitment.status = Commitment.Status.OPEN
    return _save(commitment, changed_by)


def commitment_status_change(
    *, commitment: Commitment, status: str, note: str, on_date: date, changed_by
) -> CommitmentUpdate:
    """Move a commitment to `status` and log the change with its date and note."""
    if on_date > timezone.localdate():
        raise RoundTableError("future_date", _("The date of a change cannot be in the future."))
    if not note.strip():
        raise RoundTableError("note_missing", _("Say in a note what happened."))
    with transaction.atomic():
        update = CommitmentUpdate(
            commitment=commitment,
            date=on_date,
            status_before=commitment.status,
            status_after=status,
            note=note.strip(),
            author=changed_by,
        )
        _save(update, changed_by)
        commitment.status = status
        _save(commitment, changed_by)
    return update


# Attachments ---------------------------------------------------------------------------


def attachment_add(
    *, round_table: RoundTable, kind: str, uploaded_file, description: str, uploaded_by
) -> Attachment:
    """Check and store a file (minutes scan, sign-in sheet, photo) for a round table.

    The file is checked here (league.uploads.check_upload: content and size), whatever
    the caller checked before, so the admin or a script cannot store an unchecked file;
    a refused file raises ValidationError and nothing is stored. Staff only (the view
    asks the policy).
    """
    checked = uploads.check_upload(uploaded_file)
    attachment = Attachment(
        round_table=round_table,
        kind=kind,
        original_name=checked.original_name[:255],
        content_type=checked.content_type,
        size=uploaded_file.size,
        description=description,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(uploaded_file.name, uploaded_file, save=False)
    try:
        _save(attachment, uploaded_by)
    except ValidationError:
        attachment.file.delete(save=False)
        raise
    return attachment


def attachment_delete(*, attachment: Attachment, deleted_by) -> None:
    """Delete the record, and the stored file once the deletion is committed."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment._history_user = deleted_by
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


# Import of participants --------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    people_created: int
    people_found: int
    participations: int


def participants_import(*, round_table: RoundTable, uploaded, imported_by) -> ImportResult:
    """Add the people of a CSV or XLSX file to a round table's list.

    All or nothing: any bad row refuses the whole file (ImportRefused, with a message per
    row) and nothing is saved. A person already in the register (same name and
    community) is reused and their position, organisation and category brought up to
    date; contacts are written only when the row gives them with consent.
    """
    table = importing.read_table(uploaded)
    rows = importing.parse_rows(
        table,
        oblast_id=round_table.series.oblast_id,
        has_taken_place=round_table.has_taken_place,
    )
    created = found = 0
    errors: list[str] = []
    with transaction.atomic():
        for row in rows:
            person = person_find_existing(full_name=row.full_name, community=row.community)
            if person is None:
                person = Person(full_name=row.full_name, community=row.community)
                created += 1
            else:
                found += 1
            person.position, person.category = row.position, row.category
            person.organisation = row.organisation or person.organisation
            if row.consent and (row.phone or row.email):
                person.phone, person.email = row.phone, row.email
                person.consent_to_contacts = True
            try:
                _save(person, imported_by)
                participation_invite(
                    round_table=round_table,
                    person=person,
                    status=row.status,
                    changed_by=imported_by,
                )
            except ValidationError as error:
                problems = "; ".join(
                    message for messages in error.message_dict.values() for message in messages
                )
                errors.append(
                    _("Row %(row)s: %(problem)s.") % {"row": row.number, "problem": problems}
                )
        if errors:
            # Raised inside the transaction, so every row saved so far is rolled back.
            raise importing.ImportRefused(errors)
    return ImportResult(people_created=created, people_found=found, participations=len(rows))

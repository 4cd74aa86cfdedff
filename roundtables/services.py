"""Writes to the round tables: planning, participants, attendance, decisions, files.

Every function saves through `league.domain.validated_save` (full_clean, history user,
a unique rule lost to a parallel request is `SavedMeanwhile`), changes several rows in
one transaction, and takes a row lock where a change depends on the current state.
Records that several people edit (round tables, people, participations, commitments)
are saved with `save_versioned`: a save against an older version is `StaleEdit`.
Callers have already asked the permission policy; the object-level rules live in
`roundtables.rules`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community
from league import access, mail, uploads
from league.domain import (
    DomainError,
    FieldChange,
    StaleEdit,
    bump_version,
    lock,
    save_versioned,
    validated_save,
)
from roundtables import importing, rules
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
    RoundTableSeries,
    person_name_key,
)


class RoundTableError(DomainError):
    """A domain rule refused the change; `message` says what to do instead."""

    def __init__(self, code: str, message: str, *, existing: Person | None = None):
        super().__init__(message, code=code)
        self.existing = existing


# Round tables ------------------------------------------------------------------------


def beyond_target_message(*, number: int, target: int) -> str:
    return _(
        "This would be round table No %(number)s, beyond the series' target of %(target)s. "
        "Tick the confirmation if the project really holds more."
    ) % {"number": number, "target": target}


@dataclass(frozen=True)
class AgendaLine:
    title: str
    speaker: str = ""


def _agenda_of(round_table: RoundTable) -> list[AgendaLine]:
    return [
        AgendaLine(item.title, item.speaker) for item in round_table.agenda_items.order_by("order")
    ]


def round_table_create_numbered(
    *, round_table: RoundTable, changed_by, beyond_target_confirmed: bool = False
) -> RoundTable:
    """Save a new round table with the next number of its series (whatever number it
    carries), under a lock on the series row, so that two created at once get two numbers.
    A number beyond the series' target is refused with RoundTableError("beyond_target")
    unless `beyond_target_confirmed`. The page (`round_table_save`) and the admin both
    create through here."""
    with transaction.atomic():
        series = RoundTableSeries.objects.select_for_update().get(pk=round_table.series_id)
        round_table.number = series.next_number()
        if round_table.number > series.target and not beyond_target_confirmed:
            raise RoundTableError(
                "beyond_target",
                beyond_target_message(number=round_table.number, target=series.target),
            )
        return validated_save(round_table, by=changed_by)


def round_table_save(
    *,
    round_table: RoundTable,
    invited_communities: Iterable[Community],
    facilitators: Iterable,
    agenda: Sequence[AgendaLine],
    changed_by,
    beyond_target_confirmed: bool = False,
    version: int | None = None,
) -> RoundTable:
    """Create a round table (`version` None) or save an edit made on a form loaded at
    `version`, with its invitations, facilitators and agenda (in order).

    A new round table gets the next number of its series, under a lock on the series row
    (two people creating at once get two numbers); a number beyond the series' target is
    refused with RoundTableError("beyond_target") unless `beyond_target_confirmed`. An
    agenda longer than AGENDA_MAX_ITEMS is refused (RoundTableError), as the form does.
    An edit against an older version is refused with StaleEdit, also when only the
    invitations, facilitators or agenda differ from what was saved meanwhile. Agenda items
    are updated in place by position, so their history stays continuous.
    """
    if len(agenda) > AGENDA_MAX_ITEMS:
        raise RoundTableError(
            "agenda_too_long",
            _("An agenda has at most %(limit)s items.") % {"limit": AGENDA_MAX_ITEMS},
        )
    invited_communities, facilitators = list(invited_communities), list(facilitators)
    with transaction.atomic():
        if round_table.pk is None:
            round_table_create_numbered(
                round_table=round_table,
                changed_by=changed_by,
                beyond_target_confirmed=beyond_target_confirmed,
            )
        else:
            saved = save_versioned(round_table, by=changed_by, version=version)
            if saved is not round_table:  # a repeat of a save made meanwhile
                same = (
                    set(saved.invited_communities.all()) == set(invited_communities)
                    and set(saved.facilitators.all()) == set(facilitators)
                    and _agenda_of(saved) == list(agenda)
                )
                if not same:
                    last = saved.history.select_related("history_user").first()
                    raise StaleEdit(
                        [
                            FieldChange(
                                _("invited communities, facilitators or agenda"),
                                "",
                                "",
                                str(last.history_user or _("Someone")),
                                last.history_date,
                            )
                        ]
                    )
                return saved
        round_table.invited_communities.set(invited_communities)
        round_table.facilitators.set(facilitators)
        existing = list(round_table.agenda_items.order_by("order"))
        for position, line in enumerate(agenda, start=1):
            item = existing[position - 1] if position <= len(existing) else None
            item = item or AgendaItem(round_table=round_table)
            item.order, item.title, item.speaker = position, line.title, line.speaker
            validated_save(item, by=changed_by)
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
    page can offer it instead of making a duplicate; one registered by a parallel
    request a moment ago is SavedMeanwhile."""
    existing = person_find_existing(full_name=person.full_name, community=person.community)
    if existing is not None:
        raise RoundTableError(
            "duplicate_person",
            _("%(name)s of %(community)s is already in the register.")
            % {"name": existing.full_name, "community": existing.community.name},
            existing=existing,
        )
    return validated_save(person, by=changed_by)


def person_save(*, person: Person, changed_by, version: int) -> Person:
    """Save an edit of a person made on a form loaded at `version` (StaleEdit if older)."""
    return save_versioned(person, by=changed_by, version=version)


def _check_status_possible(round_table: RoundTable, status: str) -> None:
    refusal = rules.participation_status_refusal(round_table, status)
    if refusal:
        raise RoundTableError("not_held", refusal)


def participation_invite(
    *, round_table: RoundTable, person: Person, status: str, changed_by
) -> Participation:
    """Put a person on a round table's list; if already there, set the new status (the
    row locked, so a parallel change is not lost). Two parallel invitations of the same
    person: the second is SavedMeanwhile."""
    _check_status_possible(round_table, status)
    with transaction.atomic():
        participation = (
            Participation.objects.select_for_update()
            .filter(round_table=round_table, person=person)
            .first()
        )
        if participation is None:
            participation = Participation(round_table=round_table, person=person)
        elif participation.status == status:
            return participation  # already on the list as asked: nothing to write
        else:
            participation.version += 1
        participation.status = status
        return validated_save(participation, by=changed_by)


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


def participation_set_status(
    *, participation: Participation, status: str, changed_by, version: int
) -> Participation:
    """Set one participant's status from a form loaded at `version` (StaleEdit if older)."""
    _check_status_possible(participation.round_table, status)
    participation.status = status
    return save_versioned(participation, by=changed_by, version=version)


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


def _stale_attendance(stale: list[tuple[Participation, int]]) -> StaleEdit:
    """What others recorded for these participants since the sheet was loaded."""
    changes = []
    labels = dict(Participation.Status.choices)
    for participation, version in stale:
        before = participation.history.filter(version=version).first()
        last = participation.history.select_related("history_user").first()
        changes.append(
            FieldChange(
                participation.person.full_name,
                labels.get(before.status, before.status) if before else "—",
                participation.get_status_display(),
                str(last.history_user or _("Someone")),
                last.history_date,
            )
        )
    return StaleEdit(changes)


def attendance_record(
    *,
    round_table: RoundTable,
    attended_ids: set[int],
    walk_ins: Sequence[WalkIn],
    recorded_by,
    versions: dict[int, int] | None = None,
) -> AttendanceResult:
    """Record the sign-in sheet: everyone on the list whose participation id is in
    `attended_ids` attended, everyone else on it was absent; walk-ins are added as
    attended. A walk-in already in the register is linked to that record, never
    duplicated. Refused before the meeting or for a cancelled one.

    `versions` (participation id -> version) are those the sheet was loaded with: if
    someone changed a participant since and this sheet says otherwise, nothing is saved
    (StaleEdit). The participations are locked while the sheet is recorded.
    """
    refusal = rules.attendance_refusal(round_table)
    if refusal:
        raise RoundTableError("not_held", refusal)
    versions = versions or {}
    attended = absent = added = 0
    found = []
    with transaction.atomic():
        participations = list(
            round_table.participations.select_related("person").select_for_update(of=("self",))
        )
        stale = []
        for participation in participations:
            new_status = (
                Participation.Status.ATTENDED
                if participation.pk in attended_ids
                else Participation.Status.ABSENT
            )
            version = versions.get(participation.pk, participation.version)
            if participation.version != version and participation.status != new_status:
                stale.append((participation, version))
            attended += new_status == Participation.Status.ATTENDED
            absent += new_status == Participation.Status.ABSENT
            if participation.status != new_status:
                participation.status = new_status
                participation.version += 1
                validated_save(participation, by=recorded_by)
        if stale:
            raise _stale_attendance(stale)
        for walk_in in walk_ins:
            person = person_find_existing(full_name=walk_in.full_name, community=walk_in.community)
            if person is None:
                person = validated_save(
                    Person(
                        full_name=walk_in.full_name,
                        position=walk_in.position,
                        organisation=walk_in.organisation,
                        community=walk_in.community,
                        category=walk_in.category,
                    ),
                    by=recorded_by,
                )
                added += 1
            else:
                found.append(person.full_name)
            participation = next(
                (known for known in participations if known.person_id == person.pk), None
            )
            if participation is None:
                participation = Participation(round_table=round_table, person=person, walk_in=True)
                participations.append(participation)
                attended += 1
            elif participation.status != Participation.Status.ATTENDED:
                attended += 1
                absent -= participation.status == Participation.Status.ABSENT
                participation.version += 1
            else:
                continue  # already listed as attended: nothing to write
            participation.status = Participation.Status.ATTENDED
            validated_save(participation, by=recorded_by)
    return AttendanceResult(
        attended=attended, absent=absent, walk_ins_added=added, walk_ins_found=found
    )


# Resolutions and commitments ------------------------------------------------------------


def resolution_create(
    *, round_table: RoundTable, text: str, changed_by, number: int | None = None
) -> Resolution:
    """Add a resolution, numbered next at its round table unless `number` is given.

    The round table's row is locked while the number is taken, so two people adding a
    resolution at once get consecutive numbers; a number given and taken meanwhile is a
    ValidationError on the number (or SavedMeanwhile), never a server error."""
    with transaction.atomic():
        lock(round_table)
        if number is None:
            number = (round_table.resolutions.aggregate(last=Max("number"))["last"] or 0) + 1
        resolution = Resolution(round_table=round_table, number=number, text=text)
        return validated_save(resolution, by=changed_by)


def resolution_save(
    *, resolution: Resolution, changed_by, version: int | None = None
) -> Resolution:
    """Save an edit of a resolution's number or text made on a form loaded at `version`
    (None: the version just read); an older one is refused with StaleEdit."""
    return save_versioned(resolution, by=changed_by, version=version)


def resolution_delete(*, resolution: Resolution, deleted_by) -> None:
    """Delete a resolution; refused while commitments follow from it."""
    if not access.allows(deleted_by, "roundtables.delete_resolution", resolution):
        raise RoundTableError(
            "has_commitments",
            _("Commitments follow from this resolution: remove or move them first."),
        )
    resolution._history_user = deleted_by
    resolution.delete()


def commitment_save(*, commitment: Commitment, changed_by, version: int | None = None):
    """Create a commitment (`version` None) or save an edit of its text, community,
    responsible and due date made on a form loaded at `version` (StaleEdit if older).
    Its status changes only through commitment_status_change, which keeps the log."""
    created = commitment.pk is None
    if created:
        commitment.status = Commitment.Status.OPEN
        commitment = validated_save(commitment, by=changed_by)
        mail.assigned_to_community(
            kind="commitment_assigned",
            item=commitment,
            community=commitment.community,
            url=commitment.get_absolute_url(),
        )
        return commitment
    return save_versioned(commitment, by=changed_by, version=version)


def commitment_status_change(
    *, commitment: Commitment, status: str, note: str, on_date: date, changed_by
) -> CommitmentUpdate:
    """Move a commitment to `status` and log the change with its date and note.

    The commitment's row is locked, so parallel changes are taken one after the other
    and the log chains: each entry's "before" is the previous entry's "after", and the
    commitment's status is the last entry's "after". A change dated before the last
    recorded one is refused, so the dated log reads in the order it happened."""
    if not access.allows(changed_by, "roundtables.update_commitment", commitment):
        raise RoundTableError("not_allowed", _("You may not update this commitment."))
    if on_date > timezone.localdate():
        raise RoundTableError("future_date", _("The date of a change cannot be in the future."))
    if not note.strip():
        raise RoundTableError("note_missing", _("Say in a note what happened."))
    with transaction.atomic():
        current = lock(commitment)
        last = current.updates.order_by("-date", "-pk").first()
        if last is not None and on_date < last.date:
            raise RoundTableError(
                "before_last",
                _("The last change was recorded for %(day)s; a change cannot be dated before it.")
                % {"day": last.date},
            )
        update = CommitmentUpdate(
            commitment=current,
            date=on_date,
            status_before=current.status,
            status_after=status,
            note=note.strip(),
            author=changed_by,
        )
        validated_save(update, by=changed_by)
        current.status = status
        current.version += 1
        validated_save(current, by=changed_by)
    commitment.status, commitment.version = current.status, current.version
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
    # Stored while the row is saved, and removed again if the row is not (league.uploads).
    attachment.file = uploaded_file
    validated_save(attachment, by=uploaded_by)
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
                if person.pk is not None:
                    bump_version(person)  # an edit without a form: stale forms are refused
                validated_save(person, by=imported_by)
                participation_invite(
                    round_table=round_table,
                    person=person,
                    status=row.status,
                    changed_by=imported_by,
                )
            except ValidationError as error:
                # The row's sentence ends with its own full stop, not the model's.
                problems = "; ".join(
                    message.rstrip(".")
                    for messages in error.message_dict.values()
                    for message in messages
                )
                errors.append(
                    _("Row %(row)s: %(problem)s.") % {"row": row.number, "problem": problems}
                )
        if errors:
            # Raised inside the transaction, so every row saved so far is rolled back.
            raise importing.ImportRefused(errors)
    return ImportResult(people_created=created, people_found=found, participations=len(rows))


# Reference data and descriptions (the admin) --------------------------------------------


def series_save(*, series: RoundTableSeries, changed_by) -> RoundTableSeries:
    """Create or save a series of round tables (its title, oblast and target)."""
    return validated_save(series, by=changed_by)


def attachment_describe(*, attachment: Attachment, changed_by) -> Attachment:
    """Save what an attachment is (its kind and description); the file itself never
    changes: a new file is a new attachment (attachment_add)."""
    with transaction.atomic():
        current = lock(attachment)
        current.kind, current.description = attachment.kind, attachment.description
        return validated_save(current, by=changed_by)

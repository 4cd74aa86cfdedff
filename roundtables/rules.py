"""Object-level rules of the round tables: what a user may do to one record in its
current state. Registered in the permission policy (`league.access.object_rule`) and
loaded from `RoundtablesConfig.ready`; views and services ask `access.allows` / `check`.

The `*_refusal` helpers say why a state refuses an action, for services to raise with
a message a person can act on; the rules answer yes or no for the same state.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from league import access
from roundtables.models import Attachment, Participation, RoundTable


@access.object_rule("roundtables.view_attachment")
def may_view_attachment(user, attachment: Attachment) -> bool:
    """A sign-in sheet carries signatures and often phone numbers: only those who may
    see participants' contacts. Other files: whoever sees the round table. No query."""
    if attachment.kind == Attachment.Kind.SIGN_IN_SHEET:
        return access.has_perm(user, "roundtables.view_contacts")
    return access.has_perm(user, "roundtables.view")


@access.object_rule("roundtables.update_commitment")
def may_update_commitment(user, commitment) -> bool:
    """Staff every commitment; a social worker those assigned to a community they serve.
    One query for a social worker."""
    return access.has_perm(user, "roundtables.update_commitments") and access.serves(
        user, commitment.community
    )


def attendance_refusal(round_table: RoundTable) -> str | None:
    """Why attendance cannot be recorded for this round table now, or None. No query."""
    if timezone.localdate() < round_table.attendance_opens_on:
        return _("The sign-in sheet opens on the day of the round table, %(day)s.") % {
            "day": date_format(round_table.attendance_opens_on, "SHORT_DATE_FORMAT")
        }
    if round_table.status == RoundTable.Status.CANCELLED:
        return _("The round table was cancelled: there is no attendance to record.")
    return None


def participation_status_refusal(round_table: RoundTable, status: str) -> str | None:
    """Why a participant cannot be given `status` now, or None: attended and absent are
    known only from the day of the round table, and not at all if it was cancelled."""
    if status in (Participation.Status.ATTENDED, Participation.Status.ABSENT):
        return attendance_refusal(round_table)
    return None


@access.object_rule("roundtables.record_attendance")
def may_record_attendance(user, round_table: RoundTable) -> bool:
    """Staff, from the day of the round table on, unless it was cancelled. No query."""
    return access.has_perm(user, "roundtables.edit") and attendance_refusal(round_table) is None


@access.object_rule("roundtables.delete_resolution")
def may_delete_resolution(user, resolution) -> bool:
    """Staff, while no commitment follows from the resolution. One query."""
    return access.has_perm(user, "roundtables.edit") and not resolution.commitments.exists()

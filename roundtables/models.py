"""Round tables with the communities: who was invited and came, what was decided,
and the commitments that follow, each followed to its end."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from communities.models import Community, FormerRaion, Oblast
from league.collation import UKRAINIAN
from league.domain import AppendOnly, Versioned
from league.models import ContactDetails
from league.uploads import random_upload_path

# Long texts are printed in the protocol PDF, whose time grows with its length: each has
# a limit (forms, imports and full_clean agree), generous for real minutes.
MINUTES_MAX_CHARS = 20_000
RESOLUTION_MAX_CHARS = 3_000
COMMITMENT_MAX_CHARS = 1_000
NOTE_MAX_CHARS = 2_000
AGENDA_MAX_ITEMS = 30


class RoundTableSeries(models.Model):
    """The series of round tables the project promised in one oblast. Its target (18 for
    Sumy oblast) is data, editable in the admin, not a constant in code."""

    oblast = models.ForeignKey(
        Oblast,
        verbose_name=_("oblast"),
        related_name="round_table_series",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("title"), max_length=200)
    target = models.PositiveSmallIntegerField(_("target number of round tables"), default=18)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round-table series")
        verbose_name_plural = _("round-table series")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["oblast", "title"], name="roundtables_roundtableseries_unique_title"
            ),
            models.CheckConstraint(
                condition=Q(target__gte=1), name="roundtables_roundtableseries_target_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def next_number(self) -> int:
        """The number the series' next round table gets: one past its highest. One query."""
        highest = self.round_tables.aggregate(highest=models.Max("number"))["highest"]
        return (highest or 0) + 1


class RoundTable(Versioned):
    """One meeting with community representatives."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")

    series = models.ForeignKey(
        RoundTableSeries,
        verbose_name=_("series"),
        related_name="round_tables",
        on_delete=models.PROTECT,
    )
    number = models.PositiveSmallIntegerField(_("number in the series"))
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    venue_community = models.ForeignKey(
        Community,
        verbose_name=_("venue community"),
        related_name="hosted_round_tables",
        on_delete=models.PROTECT,
    )
    venue_address = models.CharField(_("venue address"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    invited_communities = models.ManyToManyField(
        Community,
        verbose_name=_("invited communities"),
        related_name="round_table_invitations",
    )
    former_raion = models.ForeignKey(
        FormerRaion,
        verbose_name=_("former raion (2016) served"),
        related_name="round_tables",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        related_name="facilitated_round_tables",
        blank=True,
    )
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_("Plain paragraphs separated by an empty line."),
        max_length=MINUTES_MAX_CHARS,
        validators=[MaxLengthValidator(MINUTES_MAX_CHARS)],
    )
    history = HistoricalRecords(m2m_fields=[invited_communities, facilitators])

    class Meta:
        verbose_name = _("round table")
        verbose_name_plural = _("round tables")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"], name="roundtables_roundtable_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="roundtables_roundtable_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "held", "postponed", "cancelled"]),
                name="roundtables_roundtable_status_known",
            ),
        ]
        indexes = [
            # The list's date-range filter and its order by date.
            models.Index(fields=["starts_at"], name="roundtables_rt_starts_idx"),
        ]

    def __str__(self):
        return _("Round table No %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.title,
        }

    def get_absolute_url(self):
        return reverse("roundtables:detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.status == self.Status.HELD and self.starts_at and self.starts_at > timezone.now():
            errors["status"] = _(
                "A round table can be marked as held only once its date has passed."
            )
        oblast_id = self.series.oblast_id if self.series_id else None
        if self.former_raion_id and oblast_id and self.former_raion.oblast_id != oblast_id:
            errors["former_raion"] = _("The former raion lies outside the series' oblast.")
        if (
            self.venue_community_id
            and oblast_id
            and self.venue_community.raion.oblast_id != oblast_id
        ):
            errors["venue_community"] = _("The venue lies outside the series' oblast.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_taken_place(self) -> bool:
        """Whether its starting time has passed."""
        return self.starts_at <= timezone.now()

    @property
    def attendance_opens_on(self) -> datetime.date:
        """The day the sign-in sheet opens: the day of the round table (Kyiv time), so that
        staff can tick people at the door as they arrive."""
        return timezone.localdate(self.starts_at)

    def minutes_paragraphs(self) -> list[str]:
        return [part.strip() for part in re.split(r"\n\s*\n", self.minutes) if part.strip()]


class AgendaItem(models.Model):
    round_table = models.ForeignKey(
        RoundTable,
        verbose_name=_("round table"),
        related_name="agenda_items",
        on_delete=models.CASCADE,
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("item"), max_length=300)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["round_table", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["round_table", "order"], name="roundtables_agendaitem_unique_order"
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


# Apostrophes come in several glyphs in Ukrainian names (Дем'янчук, Дем’янчук).
_APOSTROPHES = re.compile(r"[’ʼ`‘′]")


def person_name_key(full_name: str) -> str:
    """The form of a name that decides whether two records are one person: case,
    spacing and apostrophe glyphs do not count. Done in Python because SQLite's
    lower() folds only ASCII letters, not Cyrillic."""
    return _APOSTROPHES.sub("'", " ".join(full_name.split())).casefold()


class Person(Versioned, ContactDetails):
    """Someone who takes part in round tables: an official or professional. One record
    across all round tables; phone and email only with their consent."""

    class Category(models.TextChoices):
        HEAD = "head", _("community head")
        DEPUTY_HEAD = "deputy_head", _("deputy head")
        SOCIAL_SPECIALIST = "social_specialist", _("social-work specialist")
        POLICE = "police", _("police")
        EDUCATION = "education", _("education")
        HEALTH = "health", _("health care")
        SOCIAL_SERVICES_CENTRE = "social_services_centre", _("social services centre")
        NGO = "ngo", _("non-governmental organisation")
        OTHER = "other", _("other")

    full_name = models.CharField(_("full name"), max_length=200, db_collation=UKRAINIAN)
    name_key = models.CharField(_("name for matching"), max_length=200, editable=False)
    position = models.CharField(_("position"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        related_name="round_table_people",
        on_delete=models.PROTECT,
    )
    category = models.CharField(
        _("category"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "community"],
                name="roundtables_person_unique_name_in_community",
                violation_error_message=_(
                    "A person with this name is already registered in this community."
                ),
            ),
            *ContactDetails.Meta.constraints,
            models.CheckConstraint(
                condition=Q(
                    category__in=[
                        "head",
                        "deputy_head",
                        "social_specialist",
                        "police",
                        "education",
                        "health",
                        "social_services_centre",
                        "ngo",
                        "other",
                    ]
                ),
                name="roundtables_person_category_known",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.position})"

    def save(self, *args, **kwargs):
        self.name_key = person_name_key(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("roundtables:person_update", args=[self.pk])

    def clean(self):
        self.full_name = " ".join(self.full_name.split())
        self.name_key = person_name_key(self.full_name)
        super().clean()


class Participation(Versioned):
    """A person's place at one round table, from invitation to the sign-in sheet."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        CONFIRMED = "confirmed", _("confirmed")
        ATTENDED = "attended", _("attended")
        ABSENT = "absent", _("absent")

    round_table = models.ForeignKey(
        RoundTable,
        verbose_name=_("round table"),
        related_name="participations",
        on_delete=models.CASCADE,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        related_name="participations",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    walk_in = models.BooleanField(_("came without an invitation"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["round_table", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round_table", "person"], name="roundtables_participation_unique_person"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["invited", "confirmed", "attended", "absent"]),
                name="roundtables_participation_status_known",
            ),
        ]
        indexes = [
            # Communities represented: attended participations, grouped by the person's community.
            models.Index(fields=["status", "person"], name="roundtables_part_status_idx"),
        ]

    def __str__(self):
        return f"{self.person.full_name}: {self.get_status_display()}"


class Resolution(Versioned):
    """A resolution of a round table; staff edit it against the version they loaded."""

    round_table = models.ForeignKey(
        RoundTable,
        verbose_name=_("round table"),
        related_name="resolutions",
        on_delete=models.CASCADE,
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(
        _("text"),
        max_length=RESOLUTION_MAX_CHARS,
        validators=[MaxLengthValidator(RESOLUTION_MAX_CHARS)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["round_table", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round_table", "number"], name="roundtables_resolution_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"

    def get_absolute_url(self):
        return reverse("roundtables:detail", args=[self.round_table_id]) + f"#resolution-{self.pk}"


class CommitmentQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Still open or in progress after the due date. Derived, never stored."""
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today, status__in=Commitment.UNFINISHED)

    def not_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.exclude(due_date__lt=today, status__in=Commitment.UNFINISHED)

    def with_overdue(self, today=None):
        """Annotate `overdue` (True or False) for lists that sort or show by it."""
        today = today or timezone.localdate()
        return self.annotate(
            overdue=Case(
                When(Q(due_date__lt=today, status__in=Commitment.UNFINISHED), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )


class Commitment(Versioned):
    """Something a community undertook at a round table, followed until done or dropped."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    UNFINISHED = (Status.OPEN, Status.IN_PROGRESS)

    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        related_name="commitments",
        on_delete=models.CASCADE,
    )
    text = models.TextField(
        _("commitment"),
        max_length=COMMITMENT_MAX_CHARS,
        validators=[MaxLengthValidator(COMMITMENT_MAX_CHARS)],
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        related_name="round_table_commitments",
        on_delete=models.PROTECT,
    )
    responsible = models.CharField(_("responsible person or body"), max_length=300)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "done", "dropped"]),
                name="roundtables_commitment_status_known",
            ),
        ]
        indexes = [
            # The commitments page and the community section: one community's, by status.
            models.Index(fields=["community", "status"], name="roundtables_commit_comm_idx"),
            # Overdue: unfinished ones past their due date.
            models.Index(fields=["status", "due_date"], name="roundtables_commit_due_idx"),
        ]

    def __str__(self):
        return self.text[:100]

    def get_absolute_url(self):
        return reverse("roundtables:commitment_status", args=[self.pk])

    def clean(self):
        # Agreed at the meeting, so due no earlier than the meeting's day.
        if self.due_date and self.resolution_id:
            meeting_day = timezone.localdate(self.resolution.round_table.starts_at)
            if self.due_date < meeting_day:
                raise ValidationError(
                    {
                        "due_date": _("The due date cannot be before the round table (%(day)s).")
                        % {"day": date_format(meeting_day, "SHORT_DATE_FORMAT")}
                    }
                )

    @property
    def is_overdue(self) -> bool:
        return self.status in self.UNFINISHED and self.due_date < timezone.localdate()


class CommitmentUpdate(AppendOnly):
    """One dated change of a commitment's status, with a note saying what happened."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        related_name="updates",
        # The log outlives nothing it records: a commitment with updates is not deleted.
        on_delete=models.PROTECT,
    )
    date = models.DateField(_("date"))
    status_before = models.CharField(
        _("status before"), max_length=16, choices=Commitment.Status.choices
    )
    status_after = models.CharField(
        _("status after"), max_length=16, choices=Commitment.Status.choices
    )
    note = models.TextField(
        _("note"), max_length=NOTE_MAX_CHARS, validators=[MaxLengthValidator(NOTE_MAX_CHARS)]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        related_name="commitment_updates",
        # A log's author is never erased: people leave by being deactivated.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta(AppendOnly.Meta):
        verbose_name = _("commitment update")
        verbose_name_plural = _("commitment updates")
        ordering = ["commitment", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status_after__in=["open", "in_progress", "done", "dropped"]),
                name="roundtables_commitmentupdate_status_known",
            ),
        ]

    def __str__(self):
        return (
            f"{self.date}: {self.get_status_before_display()} → {self.get_status_after_display()}"
        )


class Attachment(models.Model):
    """A scan of the minutes, a sign-in sheet or a photo, stored under a random name
    outside the static tree and handed out only through a permission check."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("minutes scan")
        SIGN_IN_SHEET = "sign_in_sheet", _("sign-in sheet")
        PHOTO = "photo", _("photo")

    round_table = models.ForeignKey(
        RoundTable,
        verbose_name=_("round table"),
        related_name="attachments",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=random_upload_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        related_name="round_table_attachments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["round_table", "kind", "uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["minutes", "sign_in_sheet", "photo"]),
                name="roundtables_attachment_kind_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self):
        return reverse("roundtables:attachment_download", args=[self.pk])

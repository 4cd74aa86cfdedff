"""The one write path's building blocks, shared by every app's services.

- `DomainError`: every refusal of a domain action, with a code for programs and a message
  a person can act on. Each app's errors derive from it.
- `validated_save`: full_clean, save, history user; a unique constraint that a parallel
  request won is a `DomainError`, never a server error.
- `Versioned` and `save_versioned`: a record that two people may edit carries a version;
  a save made on a form loaded at an older version is refused with what changed since.
- `lock`: fetch a row again under `SELECT ... FOR UPDATE` before a change that depends on
  its current state (status changes, numbering).
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, migrations, models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from league import uploads


class DomainError(Exception):
    """A domain action was refused; `message` says what the person can do about it."""

    code = "refused"

    def __init__(self, message, *, code: str | None = None):
        self.message = str(message)
        if code:
            self.code = code
        super().__init__(self.message)


class SavedMeanwhile(DomainError):
    """A unique rule was broken by a record that a parallel request saved a moment ago."""

    code = "saved_meanwhile"


def validated_save(instance: models.Model, *, by, **save_kwargs) -> models.Model:
    """Validate the whole object, save it, and record `by` as its author in the history.

    Costs the unique checks' queries plus one write. Raises ValidationError for bad
    input and SavedMeanwhile when a parallel save took the unique value first.
    """
    instance._history_user = by
    instance.full_clean()
    try:
        # A savepoint, so the caller's transaction survives; a file the save stored is
        # removed again when the write fails (league.uploads).
        with uploads.removed_if_failed(), transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as error:
        instance.full_clean()  # names the field when the winner broke a unique rule
        raise SavedMeanwhile(
            gettext(
                "Someone saved a record with the same details a moment ago, so this one was "
                "not saved. Reload the page and check."
            )
        ) from error
    return instance


def lock(instance: models.Model) -> models.Model:
    """The same row again, read under a row lock until the transaction ends. One query."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


class Versioned(models.Model):
    """A record that more than one person may edit: every save bumps its version."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: object
    new: object
    by: str
    at: datetime.datetime | None


class StaleEdit(DomainError):
    """Someone saved the record after the form was loaded; nothing was written."""

    code = "stale"

    def __init__(self, changes: list[FieldChange]):
        self.changes = changes
        who = changes[-1].by if changes else gettext("Someone")
        super().__init__(
            gettext(
                "%(who)s saved this record while you were editing it, so your changes were "
                "not saved. Their changes are shown below; check the form and save again."
            )
            % {"who": who}
        )


def save_versioned(instance: models.Model, *, by, version: int | None) -> models.Model:
    """Save an edit made on a form that was loaded at `version` (None: a path without a
    form, which edits the version it has just read).

    The row is locked, so two saves at once are taken one after the other. A save against
    an older version is refused with StaleEdit, listing what was changed since, unless it
    changes nothing (a double click on "save"). Costs a locked read, the history read on a
    conflict, and the save.
    """
    if version is None:
        version = instance.version
    with transaction.atomic():
        current = lock(instance)
        if current.version != version:
            if not _differs(instance, current):
                return current
            raise StaleEdit(_changes_since(current, version))
        instance.version = current.version + 1
        return validated_save(instance, by=by)


def bump_version(instance: models.Model) -> None:
    """Mark a versioned record changed by a path without a form (the admin, an import)."""
    if isinstance(instance, Versioned) and instance.pk:
        instance.version = lock(instance).version + 1


def _edited_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name != "version"
    ]


def _differs(instance, current) -> bool:
    return any(
        field.value_from_object(instance) != field.value_from_object(current)
        for field in _edited_fields(type(instance))
    )


def _changes_since(current, version: int) -> list[FieldChange]:
    """Field by field, the value at `version` and the value now, with who saved it last."""
    history = current.history.filter(version=version).order_by("-history_date").first()
    if history is None:
        by, at = _last_saved(current)
        return [FieldChange(gettext("the record"), "", "", by, at)]
    return changes_between(history, current)


def changes_between(shown, current) -> list[FieldChange]:
    """Field by field, a record as a form showed it (`shown`: a historical row, or a new
    unsaved record for a form loaded before anyone created it) and the record now, with
    who saved it last. Two queries, and one per changed relation."""
    by, at = _last_saved(current)
    changes = []
    for field in _edited_fields(type(current)):
        old, new = getattr(shown, field.attname), field.value_from_object(current)
        if old != new:
            label = str(field.verbose_name)
            changes.append(FieldChange(label, _shown(field, old), _shown(field, new), by, at))
    return changes


def _last_saved(current) -> tuple[str, datetime.datetime | None]:
    last = current.history.select_related("history_user").order_by("-history_date").first()
    by = str(last.history_user) if last and last.history_user else gettext("Someone")
    return by, last.history_date if last else None


def _shown(field: models.Field, value) -> object:
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return field.related_model._default_manager.filter(pk=value).first() or value
    return value


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise DomainError(gettext("A log entry is never changed."), code="append_only")

    def delete(self):
        raise DomainError(gettext("A log entry is never deleted."), code="append_only")


class AppendOnly(models.Model):
    """A log (status changes, dated updates): rows are added, never changed or deleted,
    by the model, its manager or its base manager; on PostgreSQL a trigger refuses UPDATE
    and DELETE as well (`append_only_trigger`).

    The admin shows such models read-only (`league.admin_policy.PolicyAdmin`)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        # Django's own paths (related deletes, SET_NULL) use the base manager: it refuses
        # as well. Each log's Meta extends this one.
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DomainError(gettext("A log entry is never changed."), code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DomainError(gettext("A log entry is never deleted."), code="append_only")


def save_record(instance: models.Model, *, by, version: int | None = None) -> models.Model:
    """Create a record, or save an edit of one against the version its form was loaded at
    (None: a path without a form, which edits the version it has just read)."""
    if instance.pk is None:
        return validated_save(instance, by=by)
    return save_versioned(instance, by=by, version=version)


# PostgreSQL refuses a change of a log row whatever path it comes by (raw SQL, a shell,
# another program): a trigger on each log table, installed by its app's migration.
_REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION league_refuse_log_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'append-only log %: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""


def append_only_trigger(*tables: str) -> migrations.RunPython:
    """A migration operation: on PostgreSQL, a trigger on each of `tables` that refuses
    UPDATE and DELETE; elsewhere (SQLite in development) nothing."""

    def install(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(_REFUSE_FUNCTION, params=None)  # its % are PL/pgSQL
        for table in tables:
            schema_editor.execute(
                f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION league_refuse_log_change()"
            )

    def remove(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')

    return migrations.RunPython(install, remove, elidable=False)

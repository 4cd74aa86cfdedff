"""The Django admin asks the same permission policy as every other page, and writes
through the same services as the pages.

An admin class names its writes as methods marked with the service they call
(`@through(services.x_save)`): `service_create`, `service_change`, `service_delete`, and an
inline's `service_save` / `service_delete` (or one `service_write` for rows saved
together). The base class's `save_model`, `delete_model`, `delete_queryset`, `save_related`
and `save_formset` call only these; an admin without one of them does not offer that write
(no "add" page, a read-only page, no delete button). An "add" form carries a one-time
token (created once, league.once); an edit carries the version its form was loaded at (a
hidden field), so an admin form opened before someone else's save is refused as a page's
form is, with what changed, and nothing is written. league/tests/test_admin_writes.py
enumerates every registered admin; docs/architecture.md has the design."""

import uuid
from collections.abc import Callable
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, models, router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from league import access
from league.domain import AppendOnly, DomainError, StaleEdit, Versioned
from league.history import LabelledHistory
from league.once import create_once
from league.uploads import CheckedFileField

VERSION_FIELD = "loaded_version"
TOKEN_FIELD = "form_token"
HIDDEN_FIELDS = {VERSION_FIELD, TOKEN_FIELD}


def through(service: Callable) -> Callable:
    """Mark an admin's write method as a call of `service` (one of an app's services), for
    the test that enumerates the admin to see that every write goes through one."""

    def mark(method):
        method.service = service
        return method

    return mark


class AlreadySaved(Exception):
    """A second submit of an admin "add" form: the first one created the record at `url`."""

    def __init__(self, url: str):
        self.url = url
        super().__init__(url)


class AdminRefused(Exception):
    """A service refused an admin write. Raised out of the admin view's transaction, so
    that everything the request wrote is rolled back, and caught by the view to show the
    refusal (`refusals_shown`)."""

    def __init__(self, error: DomainError):
        self.error = error
        super().__init__(error.message)


@contextmanager
def refusals_shown():
    """Turn a service's refusal (a DomainError, or a ValidationError of the whole object)
    into AdminRefused."""
    try:
        yield
    except DomainError as error:
        raise AdminRefused(error) from error
    except ValidationError as error:
        raise AdminRefused(DomainError(" ".join(error.messages), code="invalid")) from error


def change_lines(error: DomainError) -> list[str]:
    """What a stale edit's refusal lists: each change since the form was loaded, as
    templates/_stale_changes.html shows it on a page (field, before, now, who, when)."""
    lines = []
    for change in getattr(error, "changes", []):
        label = getattr(change, "label", None) or " · ".join(filter(None, change.cell))
        when = formats.date_format(change.at, "DATETIME_FORMAT") if change.at else ""
        lines.append(
            gettext("%(field)s: %(before)s → %(now)s (%(who)s %(when)s)")
            % {
                "field": label,
                "before": change.old,
                "now": change.new,
                "who": change.by,
                "when": when,
            }
        )
    return lines


class LoadedVersionField(forms.IntegerField):
    """The version a form was loaded at. Never a change in itself: a row is saved when
    its values differ from the record's (and then against this version)."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class VersionLoaded(forms.Form):
    """Mixed into an admin form (and an inline's) of a record with a version: the version
    the form was loaded at, posted back hidden; after a refusal the form carries the
    version saved meanwhile, so that having read the changes the person can save again."""

    loaded_version = LoadedVersionField(required=False)
    version_of: Callable = staticmethod(lambda instance: instance.version)
    refusal: DomainError | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[VERSION_FIELD]
        if self.instance.pk is None:
            return
        field.required = True
        field.initial = self.version_of(self.instance)
        if self.is_bound and self.refusal is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = field.initial


def with_version(form_class, version_of: Callable, refusal: DomainError | None):
    """`form_class` with the hidden loaded version (the current one after `refusal`)."""
    attrs = {"version_of": staticmethod(version_of), "refusal": refusal}
    return type(form_class.__name__, (VersionLoaded, form_class), attrs)


class OnceToken(forms.Form):
    """Mixed into an admin "add" form: a one-time token, so that a second submit of the same
    form (a double click, a resend) creates nothing (league.once.create_once)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD].initial = uuid.uuid4()


def with_token(form_class):
    return type(form_class.__name__, (OnceToken, form_class), {})


def showing(form_class, refusal: DomainError):
    """`form_class` with `refusal` as its error: the page shown again after a refused save
    is never valid, so it writes nothing."""

    def clean(self):
        cleaned = form_class.clean(self)
        self.add_error(None, [refusal.message, *change_lines(refusal)])
        return cleaned

    return type(form_class.__name__, (form_class,), {"clean": clean})


class GroupedDecimals:
    """Read-only decimals shown as the pages show them: digits grouped in the active
    language («50 000,00», not «50000,00»). Django's admin prints a read-only model field
    ungrouped, so each read-only decimal field is shown through a display function of the
    same name, label and help text instead (in the fieldsets and in the read-only list,
    so the form still leaves it out)."""

    def decimal_places_shown(self, obj, name: str) -> int:
        """How many decimal places the value of `name` shows; the field's by default."""
        return self.model._meta.get_field(name).decimal_places

    def _decimal_names(self) -> set[str]:
        return {
            field.name
            for field in self.model._meta.concrete_fields
            if isinstance(field, models.DecimalField)
        }

    def _decimal_display(self, name: str):
        displays = self.__dict__.setdefault("_decimal_displays", {})
        if name not in displays:
            field = self.model._meta.get_field(name)

            def display(obj):
                value = getattr(obj, name, None)
                if value is None:
                    return self.get_empty_value_display()
                places = self.decimal_places_shown(obj, name)
                return formats.number_format(value, places, use_l10n=True, force_grouping=True)

            display.__name__ = name
            display.short_description = field.verbose_name
            displays[name] = display
        return displays[name]

    def _view_only(self, request, obj) -> bool:
        return obj is not None and not self.has_change_permission(request, obj)

    def _grouped(self, request, obj, readonly) -> set[str]:
        """The decimal fields shown read-only on this page."""
        decimals = self._decimal_names()
        if self._view_only(request, obj):
            return decimals
        return decimals & {name for name in readonly if isinstance(name, str)}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        shown = self._grouped(request, obj, readonly)
        return readonly + [self._decimal_display(name) for name in sorted(shown)]

    def get_fieldsets(self, request, obj=None):
        shown = self._grouped(request, obj, super().get_readonly_fields(request, obj))
        if not shown:
            return super().get_fieldsets(request, obj)
        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            fields, seen = [], set()
            for line in options.get("fields", ()):
                names = line if isinstance(line, list | tuple) else (line,)
                names = [self._decimal_display(n) if n in shown else n for n in names]
                names = [n for n in names if not (callable(n) and n in seen)]
                seen.update(n for n in names if callable(n))
                if names:
                    fields.append(tuple(names) if isinstance(line, list | tuple) else names[0])
            fieldsets.append((title, {**options, "fields": fields}))
        return fieldsets


class PolicyAdmin(GroupedDecimals, SimpleHistoryAdmin):
    change_form_template = "admin/policy_change_form.html"
    """Base for every ModelAdmin: NGO staff and administrators edit, with history."""

    capability_view = "admin.site"
    capability_edit = "admin.edit"
    # As the portal's own lists: a page of 100 rows (Django's default) was the round-table
    # list's whole growth at national scale (18 ms for the demo's rows, 43 ms for 100).
    list_per_page = 25
    # History with labels and local times, and no inline style (see SECURE_CSP).
    object_history_list_template = "admin/history_list.html"

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """The object's records with their user and the objects their foreign keys name:
        one query (simple_history's own version calls select_related() with no names
        when a model has no foreign key, which Django 6.1 deprecates)."""
        foreign_keys = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        return history_manager.filter(**{pk_name: object_id}).select_related(
            "history_user", *foreign_keys
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledHistory(self.model, historical_record)

    # The writes this admin offers, each a method marked `@through(service)` in the
    # subclass: service_create(request, obj, form), service_change(request, obj, form,
    # version=...), service_delete(request, obj). None: not offered.
    service_create = None
    service_change = None
    service_delete = None

    def _is_log(self) -> bool:
        return issubclass(self.model, AppendOnly)

    def _may_edit(self, request) -> bool:
        return not self._is_log() and access.has_perm(request.user, self.capability_edit)

    def may_change(self, request, obj) -> bool:
        """An object rule on top of the role (a locked record: False)."""
        return True

    def may_delete(self, request, obj) -> bool:
        return True

    def has_module_permission(self, request):
        return access.has_perm(request.user, self.capability_view)

    def has_view_permission(self, request, obj=None):
        return access.has_perm(request.user, self.capability_view)

    def has_add_permission(self, request):
        return self.service_create is not None and self._may_edit(request)

    def has_change_permission(self, request, obj=None):
        if self.service_change is None or not self._may_edit(request):
            return False
        return obj is None or self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.service_delete is None or not self._may_edit(request):
            return False
        return obj is None or self.may_delete(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The history is a record of what happened, never a way to write the past back.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- Versions on the forms ---

    def version_of(self, obj) -> int:
        """The version an edit of `obj` is checked against: its own by default."""
        return obj.version

    def _versioned(self, obj) -> bool:
        return (
            obj is not None
            and obj.pk is not None
            and (isinstance(obj, Versioned) or type(self).version_of is not PolicyAdmin.version_of)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        fields = kwargs.get("fields")
        if fields is None and "fields" not in kwargs:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name not in HIDDEN_FIELDS]
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "admin_refusal", None)
        if self._versioned(obj) and self.has_change_permission(request, obj):
            form = with_version(form, self.version_of, refusal)
        if self._creates_once(obj):
            form = with_token(form)
        return form if refusal is None else showing(form, refusal)

    def _creates_once(self, obj) -> bool:
        return obj is None and self.service_create is not None

    def get_fieldsets(self, request, obj=None):
        # The version and the token travel as hidden inputs of their own (the template
        # policy_change_form.html), not as rows whose label would point at a hidden input.
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f not in HIDDEN_FIELDS]})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Only on a form that can be saved: a read-only page shows no version or token.
        editable = self.has_change_permission(request, obj) if obj else True
        hidden = {VERSION_FIELD} if editable and self._versioned(obj) else set()
        hidden |= {TOKEN_FIELD} if self._creates_once(obj) else set()
        form = context["adminform"].form
        context["hidden_write_fields"] = [
            form[name] for name in sorted(hidden) if name in form.fields
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Writes: through the services only ---

    def save_model(self, request, obj, form, change):
        with refusals_shown():
            if change:
                version = form.cleaned_data.get(VERSION_FIELD)
                self.service_change(request, obj, form, version=version)
            else:
                self._create_once(request, obj, form)

    def _create_once(self, request, obj, form) -> None:
        def create():
            self.service_create(request, obj, form)
            return obj

        created, url = create_once(
            token=form.cleaned_data[TOKEN_FIELD],
            user=request.user,
            create=create,
            url_of=lambda record: reverse(
                f"admin:{record._meta.app_label}_{record._meta.model_name}_change",
                args=[record.pk],
                current_app=self.admin_site.name,
            ),
        )
        if created is None:
            raise AlreadySaved(url)

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields are the service's to set (from form.cleaned_data), never
        # form.save_m2m(): the inlines only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        inline = formset.admin_inline
        versions = {
            id(row.instance): row.cleaned_data.get(VERSION_FIELD)
            for row in formset.forms
            if row.instance.pk is not None
        }
        with refusals_shown():
            saved = [(row, versions.get(id(row))) for row in formset.save(commit=False)]
            inline.service_write(request, form.instance, saved, list(formset.deleted_objects))

    def delete_model(self, request, obj):
        with refusals_shown():
            self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        with refusals_shown(), transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset:
                self.service_delete(request, obj)

    # --- Refusals: the transaction is rolled back and the page says why ---

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AlreadySaved as saved:
            self.message_user(
                request, gettext("This form was already saved: here is what it created.")
            )
            return HttpResponseRedirect(saved.url)
        except AdminRefused as refused:
            # Everything this request wrote is rolled back. The form again, with what the
            # person posted, the refusal as its error and the current versions.
            request.admin_refusal = refused.error
            response = super().changeform_view(request, object_id, form_url, extra_context)
            response.status_code = 409 if isinstance(refused.error, StaleEdit) else 200
            return response

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except AdminRefused as refused:
            self.message_user(request, refused.error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except AdminRefused as refused:
            self.message_user(request, refused.error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# For an admin whose service stores files: the form checks an upload as the pages' forms
# do (content, size), so a refusal is a message on the page, and the service checks it
# again itself.
CHECKED_UPLOADS = {models.FileField: {"form_class": CheckedFileField}}


def new_upload(form, name: str):
    """The file just uploaded in an admin form's field `name`, or None when it kept the
    stored one (or was cleared)."""
    if name in form.changed_data and form.cleaned_data.get(name):
        return form.cleaned_data[name]
    return None


class PolicyInline(GroupedDecimals):
    """An inline asks the same policy as PolicyAdmin: the role, not Django's permissions;
    its read-only decimals are grouped as the pages show them. Its rows are written by
    `service_save(request, row, parent, version=...)` and `service_delete(request, row)`
    (marked `@through(service)`); without them the rows are read-only, never deleted."""

    service_save = None
    service_delete = None

    def version_of(self, row) -> int:
        return row.version

    def _versioned(self) -> bool:
        return issubclass(self.model, Versioned) or (
            type(self).version_of is not PolicyInline.version_of
        )

    def get_formset(self, request, obj=None, **kwargs):
        fields = kwargs.get("fields")
        if fields is None and "fields" not in kwargs:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name not in HIDDEN_FIELDS]
        if self._versioned() and self.has_change_permission(request, obj):
            refusal = getattr(request, "admin_refusal", None)
            kwargs["form"] = with_version(self.form, self.version_of, refusal)
        formset = super().get_formset(request, obj, **kwargs)
        formset.admin_inline = self
        return formset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._versioned() or not self.has_change_permission(request, obj):
            return fieldsets
        names = flatten_fieldsets(fieldsets)
        if VERSION_FIELD in names:
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def service_write(self, request, parent, saved, deleted) -> None:
        """Write the rows a formset changed: (row, version loaded) pairs and deleted rows."""
        for row, version in saved:
            self.service_save(request, row, parent, version=version)
        for row in deleted:
            self.service_delete(request, row)

    def _writes_together(self) -> bool:
        """Whether this inline saves its rows in one call (its own service_write)."""
        return type(self).service_write is not PolicyInline.service_write

    def _may_edit(self, request) -> bool:
        return access.has_perm(request.user, "admin.edit")

    def has_view_permission(self, request, obj=None):
        return access.has_perm(request.user, "admin.site")

    def has_add_permission(self, request, obj=None):
        saves = self.service_save is not None or self._writes_together()
        return saves and self._may_edit(request)

    def has_change_permission(self, request, obj=None):
        saves = self.service_save is not None or self._writes_together()
        return saves and self._may_edit(request)

    def has_delete_permission(self, request, obj=None):
        deletes = self.service_delete is not None or self._writes_together()
        return deletes and self._may_edit(request)


class LogInline:
    """Mixin for an inline of log rows (AppendOnly): shown, never added, changed or deleted
    in the admin; the services add them."""

    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EstimatedCountPaginator(Paginator):
    """For the admin lists of the big tables (1.8 million figures nationally): an
    unfiltered list takes PostgreSQL's own row estimate instead of counting every row;
    a filtered one, or a small table, is counted exactly."""

    EXACT_BELOW = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if connection.vendor != "postgresql" or queryset.query.where:
            return super().count
        # One query either way: the planner's estimate, or an exact count when small.
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "
                f"ELSE (SELECT count(*) FROM {table}) END "
                "FROM pg_class WHERE oid = %s::regclass",
                [self.EXACT_BELOW, queryset.model._meta.db_table],
            )
            return cursor.fetchone()[0]


class BigTableAdmin(PolicyAdmin):
    """A PolicyAdmin for a table that grows with the country: no second, full count."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator

"""The logframe's live progress, and values entered by hand with evidence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from league import access
from league.charts import Bar, progress_bars_svg
from league.forms import already_saved, repeat_of_a_saved_form
from league.once import Submission, create_once
from league.targets import selectors, services
from league.targets.forms import ManualValueForm
from league.targets.registry import COMPUTATIONS
from league.uploads import serve_file


@require_safe
@access.requires("targets.view")
def progress(request):
    """Every indicator of the project against its target: one page."""
    projects = list(selectors.project_list_for_user(request.user))
    project_id = request.GET.get("project", "")
    project = next((p for p in projects if str(p.pk) == project_id), None)
    project = project or (projects[0] if projects else None)
    context = {"projects": projects, "project": project}
    if project:
        sections = selectors.progress_for_project(request.user, project)
        context["sections"] = sections
        bars = [
            Bar(
                Truncator(row.indicator.name).chars(CHART_LABEL_CHARS),
                max(float(row.value) - float(row.indicator.baseline), 0),
                float(row.indicator.target - row.indicator.baseline),
            )
            for section in sections
            for row in section["rows"]
            if row.value is not None and row.shown != "<5"
        ]
        context["chart"] = progress_bars_svg(bars, title=_("Progress from baseline to target"))
    return render(request, "targets/progress.html", context)


# The chart's labels are the indicators' names (never their codes), cut to what its label
# column holds; the table beside the chart has them in full.
CHART_LABEL_CHARS = 28


@require_http_methods(["GET", "HEAD", "POST"])
@access.requires("targets.view")
def indicator_detail(request, pk):
    """How an indicator is measured; for one entered by hand, its values with evidence
    and (for staff) the form to record a new one."""
    indicator = selectors.indicator_get_for_user(request.user, pk)
    may_record = access.has_perm(request.user, "targets.edit") and not indicator.is_computed
    if request.method == "POST" and not may_record:
        access.require(request.user, "targets.edit")
        raise Http404  # a computed indicator has no values to type in
    if repeat := repeat_of_a_saved_form(request, indicator.get_absolute_url()):
        return repeat
    form = ManualValueForm(request.POST or None, request.FILES or None) if may_record else None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            entry, url = create_once(
                token=data.pop("form_token"),
                user=request.user,
                create=lambda: services.manual_value_record(
                    indicator=indicator, recorded_by=request.user, **data
                ),
                url_of=lambda entry: indicator.get_absolute_url(),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if entry is None:  # the same form, sent while the first was saving
                return already_saved(request, Submission(already_saved=True, url=url), url)
            messages.success(request, _("The value is recorded."))
            return redirect(url)
    context = {
        "indicator": indicator,
        "computation": COMPUTATIONS.get(indicator.computation),
        "values": selectors.manual_values(indicator),
        "form": form,
    }
    if context["computation"]:
        context["records_url"] = context["computation"].link(indicator.project.oblast)
    return render(request, "targets/indicator_detail.html", context)


@require_safe
@access.requires("targets.view")
def value_evidence(request, pk):
    entry = selectors.manual_value_get_for_user(request.user, pk)
    if not entry.evidence_file:
        raise Http404
    return serve_file(entry.evidence_file, entry.evidence_name)

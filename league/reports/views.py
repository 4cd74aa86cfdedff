from django.contrib import messages
from django.shortcuts import render
from django.views.decorators.http import require_GET

from league import access, disclosure
from league.reports import charts, selectors
from league.reports.forms import PeriodForm


@require_GET
@access.requires("reports.view_monitoring")
def monitoring(request):
    """The oblast's approved monitoring figures: exact for NGO staff, protected for
    council officials (their own oblast only)."""
    staff = request.user.role in access.NGO
    form = PeriodForm(request.GET, with_oblast=staff)
    first, last = form.period()
    oblast_id = None
    if staff and form.is_bound and form.is_valid() and form.cleaned_data.get("oblast"):
        oblast_id = form.cleaned_data["oblast"].pk
    oblast = selectors.oblast_for_user(request.user, oblast_id)
    protect = not access.has_perm(request.user, "figures.view_small_counts")
    report = chart = None
    try:
        report = selectors.oblast_monitoring(oblast=oblast, first=first, last=last, protect=protect)
    except disclosure.DisclosureError as refused:
        messages.error(request, str(refused))
    else:
        chart = charts.bars_svg(report.trend, title=report.communities.title)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "reports/monitoring.html",
        {
            "form": form,
            "report": report,
            "chart": chart,
            "oblast": oblast,
            "small_label": disclosure.small_label(),
        },
        status=status,
    )

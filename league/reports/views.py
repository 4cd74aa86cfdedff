import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from communities.models import Community
from league import access, disclosure
from league.forms import already_saved, repeat_of_a_saved_form
from league.once import Submission, create_once
from league.reports import charts, documents, exports, selectors, services
from league.reports.forms import IssueForm, PeriodForm, VerifyForm
from league.reports.models import IssuedReport
from league.uploads import serve_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@access.requires("reports.view_monitoring")
def monitoring(request):
    """The oblast's approved monitoring figures: exact for NGO staff, protected for
    council officials (their own oblast only)."""
    staff = access.has_perm(request.user, "reports.choose_oblast")
    form = PeriodForm(request.GET, with_oblast=staff)
    first, last = form.period()
    oblast_id = None
    if staff and form.is_bound and form.is_valid() and form.cleaned_data.get("oblast"):
        oblast_id = form.cleaned_data["oblast"].pk
    oblast = selectors.oblast_for_user(request.user, oblast_id)
    protect = not access.has_perm(request.user, "figures.view_small_counts")
    report = chart = None
    refused_range = form.is_bound and not form.is_valid()
    try:
        if not refused_range:  # a refused range is not attempted
            report = selectors.oblast_monitoring(
                oblast=oblast, first=first, last=last, protect=protect
            )
    except disclosure.DisclosureError as refused:
        messages.error(request, str(refused))
    else:
        if report is not None:
            chart = charts.bars_svg(report.trend, title=report.communities.title)
    status = 400 if refused_range else 200
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


# The register ---------------------------------------------------------------------------


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@require_http_methods(["GET", "POST"])
@access.requires("reports.issue")
def issue(request):
    """Staff issue a report: rendered with protected figures, stored, numbered. Once per
    form: a second submit of the same form issues nothing (and mails no one) and goes to
    the report the first issued."""
    if repeat := repeat_of_a_saved_form(request, reverse("reports:issued_list")):
        return repeat
    # "Issue a correction" on a register entry opens this page with ?replaces=<number>.
    form = IssueForm(request.POST or None, initial={"replaces": request.GET.get("replaces", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, url = create_once(
                token=data["form_token"],
                user=request.user,
                create=lambda: services.report_issue(
                    kind=data["kind"],
                    params=data["params"],
                    issued_by=request.user,
                    base_url=_base_url(request),
                    language=data["language"],
                    replaces=data["replaced_report"],
                ),
            )
        except services.ReportError as error:
            messages.error(request, error.message)
        else:
            if report is None:  # the same form, sent while the first was being issued
                return already_saved(request, Submission(already_saved=True, url=url), url)
            messages.success(
                request, _("Report %(number)s has been issued.") % {"number": report.number}
            )
            return redirect(url)
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/issue.html", {"form": form}, status=status)


@require_GET
@access.requires("reports.view_issued")
def issued_list(request):
    """The register: every issued report for staff, the oblast's for council officials."""
    reports = list(selectors.issued_list_for_user(request.user)[:200])
    return render(request, "reports/issued_list.html", {"reports": reports})


@require_GET
@access.requires("reports.view_issued")
def issued_detail(request, pk):
    report = selectors.get_issued_for_user(request.user, pk)
    return render(request, "reports/issued_detail.html", {"report": report})


@require_GET
@access.requires("reports.view_issued")
def issued_pdf(request, pk):
    report = selectors.get_issued_for_user(request.user, pk)
    return serve_file(report.file, f"{report.number}.pdf")


@require_GET
@access.requires("reports.view_issued")
def issued_xlsx(request, pk):
    """The report's tables, from the figures it published (the same protection)."""
    report = selectors.get_issued_for_user(request.user, pk)
    response = HttpResponse(exports.report_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{report.number}.xlsx"'
    return response


@require_GET
@access.requires("reports.community_profile")
def community_profile_pdf(request, pk):
    """A community's profile for its own social workers and for staff (a draft, not an
    issued report), with exact figures: both may see small counts."""
    community = access.get_for_user(
        request.user, Community.objects.select_related("raion__oblast"), path=None, pk=pk
    )
    language = documents.language_or_default(request.GET.get("language", "uk"))
    pdf = documents.render_document(
        kind=documents.PROFILE,
        params={"community": community.pk},
        language=language,
        protect=not access.has_perm(request.user, "figures.view_small_counts"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="profile-{community.katottg}.pdf"'
    return response


# Verification: open to anyone, rate-limited ------------------------------------------------

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _over_limit(request) -> bool:
    """A small per-address counter in the cache: VERIFY_RATE_LIMIT checks per hour."""
    address = request.META.get("REMOTE_ADDR", "")
    key = f"verify:{address}:{timezone.now():%Y%m%d%H}"
    count = cache.get_or_set(key, 0, 3600)
    if count >= settings.VERIFY_RATE_LIMIT:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
    return False


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Whether the League issued exactly this file: by upload or ?sha256=. From the QR
    code (?number=) it says which report the number is and asks for the file. It
    reveals the register number, kind, date and whether it was replaced, nothing else."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    context = {"form": form, "checked": False, "found": None, "number": None}
    digest = None
    asked = request.method == "POST" or any(key in request.GET for key in ("sha256", "number"))
    if asked and _over_limit(request):
        context["limited"] = True
        return render(request, "reports/verify.html", context, status=429)
    if request.method == "POST":
        if form.is_valid():
            digest = hashlib.sha256()
            for chunk in form.cleaned_data["file"].chunks():
                digest.update(chunk)
            digest = digest.hexdigest()
        else:
            return render(request, "reports/verify.html", context, status=400)
    elif "sha256" in request.GET:
        digest = request.GET["sha256"].strip().lower()
        if not SHA256.match(digest):
            context["bad_hash"] = True
            return render(request, "reports/verify.html", context, status=400)
    elif "number" in request.GET:
        context["number"] = request.GET["number"][:20]
        context["numbered"] = (
            IssuedReport.objects.filter(number=context["number"])
            .select_related("replaced_by")
            .first()
        )
    if digest is not None:
        context["checked"] = True
        context["digest"] = digest
        context["found"] = (
            IssuedReport.objects.filter(sha256=digest).select_related("replaced_by").first()
        )
    return render(request, "reports/verify.html", context)


# The public page: only issued reports, never live data ---------------------------------------


def _public_data():
    progress = selectors.latest_issued(IssuedReport.Kind.PROGRESS)
    oblast_id = progress.oblast_id if progress else None
    monitoring_report = selectors.latest_issued(IssuedReport.Kind.MONITORING, oblast_id)
    return exports.public_rows(progress, monitoring_report)


@login_not_required
@require_GET
def public(request):
    """Public oversight: per community and the protected oblast figures, as the latest
    issued reports published them."""
    return render(request, "reports/public.html", {"data": _public_data()})


@login_not_required
@require_GET
def public_csv(request):
    response = HttpResponse(exports.public_csv(_public_data()), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="league-communities.csv"'
    return response


@login_not_required
@require_GET
def public_json(request):
    return HttpResponse(
        exports.public_json(_public_data()), content_type="application/json; charset=utf-8"
    )

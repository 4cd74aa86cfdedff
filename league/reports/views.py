import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities.models import Community
from league import access, disclosure
from league.forms import already_saved, repeat_of_a_saved_form
from league.once import Submission, create_once
from league.reports import documents, exports, open_data, releases, selectors, services, throttle
from league.reports.forms import (
    FixedPeriodForm,
    IssueForm,
    PeriodForm,
    ReleaseForm,
    VerifyForm,
    default_range,
)
from league.reports.models import IssuedReport
from league.uploads import serve_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@access.requires("reports.view_monitoring")
def monitoring(request):
    """The oblast's approved monitoring figures: exact and live for NGO staff (any oblast,
    any range); for council officials (their own oblast only) a fixed period of the
    oblast's newest release, never live counts."""
    if not access.has_perm(request.user, "figures.view_small_counts"):
        return _council_monitoring(request)
    form = PeriodForm(request.GET, with_oblast=True)
    first, last = form.period()
    oblast_id = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("oblast"):
        oblast_id = form.cleaned_data["oblast"].pk
    oblast = selectors.oblast_for_user(request.user, oblast_id)
    refused_range = form.is_bound and not form.is_valid()
    report = None
    if not refused_range:  # a refused range is not attempted
        report = selectors.oblast_monitoring(oblast=oblast, first=first, last=last, protect=False)
    return _monitoring_page(
        request,
        form,
        oblast,
        report,
        status=400 if refused_range else 200,
        # Staff make the oblast's releases here (what the council and the public read).
        releases=selectors.releases_of(oblast)[:5],
        release_form=ReleaseForm(initial={"oblast": oblast}, auto_id="release-%s"),
    )


def _council_monitoring(request):
    """A fixed period (league/reports/periods.py) of the newest release: two arbitrary
    spans would give a quarter by subtraction, and live counts would change under the
    reader's eyes."""
    oblast = selectors.oblast_for_user(request.user)
    release = releases.newest_release(oblast)
    form = FixedPeriodForm(request.GET, through=release.through if release else None)
    period = form.fixed_period()
    report = None
    if release is not None and period is not None:
        report = releases.release_monitoring(release=release, period=period)
    return _monitoring_page(
        request, form, oblast, report, status=200 if period else 400, release=release
    )


def _monitoring_page(request, form, oblast, report, *, status, **extra):
    chart = documents.trend_chart(report) if report else None
    return render(
        request,
        "reports/monitoring.html",
        {
            "form": form,
            "report": report,
            "chart": chart,
            "oblast": oblast,
            "small_label": disclosure.small_label(),
            **extra,
        },
        status=status,
    )


@require_POST
@access.requires("reports.issue")
def release_make(request):
    """Staff make the oblast's release once its quarter's data are final: queued here,
    made by a background task; a second press of the same form makes nothing."""
    if repeat := repeat_of_a_saved_form(request, reverse("reports:monitoring")):
        return repeat
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; nothing was made. Try again."))
        return redirect("reports:monitoring")
    oblast = form.cleaned_data["oblast"]
    first, last = default_range()
    back = (
        f"{reverse('reports:monitoring')}?oblast={oblast.pk}&first_year={first[0]}"
        f"&first_quarter={first[1]}&last_year={last[0]}&last_quarter={last[1]}"
    )
    try:
        release, _url = create_once(
            token=form.cleaned_data["form_token"],
            user=request.user,
            create=lambda: services.release_request(oblast=oblast, requested_by=request.user),
            url_of=lambda release: back,
        )
    except services.ReportError as error:
        messages.error(request, error.message)
    else:
        if release is None:
            messages.info(request, _("This release had already been asked for."))
        else:
            messages.success(
                request,
                _("Release %(number)s is being made; the figures page shows it when it is done.")
                % {"number": release.number},
            )
    return redirect(back)


# The register ---------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
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
                    base_url=settings.SITE_URL,  # the QR code's address, as in e-mails
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


@require_safe
@access.requires("reports.view_issued")
def issued_list(request):
    """The register: every issued report for staff, the oblast's for council officials."""
    reports = list(selectors.issued_list_for_user(request.user)[:200])
    return render(request, "reports/issued_list.html", {"reports": reports})


@require_safe
@access.requires("reports.view_issued")
def issued_detail(request, pk):
    report = selectors.get_issued_for_user(request.user, pk)
    return render(request, "reports/issued_detail.html", {"report": report})


@require_safe
@access.requires("reports.view_issued")
def issued_pdf(request, pk):
    report = selectors.get_issued_for_user(request.user, pk)
    return serve_file(report.file, f"{report.number}.pdf")


@require_safe
@access.requires("reports.view_issued")
def issued_xlsx(request, pk):
    """The report's tables, from the figures it published (the same protection)."""
    report = selectors.get_issued_for_user(request.user, pk)
    response = HttpResponse(exports.report_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{report.number}.xlsx"'
    return response


@require_safe
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


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """Whether the League issued exactly this file: by upload or ?sha256=. From the QR
    code (?number=) it says which report the number is and asks for the file. It
    reveals the register number, kind, date and whether it was replaced, nothing else."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    context = {"form": form, "checked": False, "found": None, "number": None}
    digest = None
    asked = request.method == "POST" or any(key in request.GET for key in ("sha256", "number"))
    if asked and throttle.over_limit(request):
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
            IssuedReport.objects.filter(number__in=services.number_spellings(context["number"]))
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
    return open_data.public_data(progress, monitoring_report)


CSV = "text/csv; charset=utf-8; header=present"
JSON = "application/json; charset=utf-8"


@login_not_required
@require_safe
def public(request):
    """Public oversight: per community and the protected oblast figures, as the latest
    issued reports published them, labelled in the language of the request."""
    markers = {
        "small": disclosure.small_label(),
        "threshold": disclosure.threshold(),
        "hidden": disclosure.SECONDARY_MARK,
    }
    return render(request, "reports/public.html", {"data": _public_data(), "markers": markers})


def _csv(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
@require_safe
def public_csv(request):
    return _csv(open_data.communities_csv(_public_data()), "communities.csv")


@login_not_required
@require_safe
def public_figures_csv(request):
    return _csv(open_data.figures_csv(_public_data()), "oblast-figures.csv")


@login_not_required
@require_safe
def public_json(request):
    package_url = settings.SITE_URL + reverse("reports:public_datapackage")
    return HttpResponse(
        open_data.public_json(_public_data(), package_url=package_url), content_type=JSON
    )


@login_not_required
@require_safe
def public_datapackage(request):
    """The Frictionless Data Package descriptor of the CSVs beside it."""
    verify_url = settings.SITE_URL + reverse("reports:verify")
    return HttpResponse(
        open_data.datapackage(_public_data(), verify_url=verify_url), content_type=JSON
    )

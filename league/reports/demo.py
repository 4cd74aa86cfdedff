"""Demo issued reports, so that the register, the council's list and the public page are
not empty: a project progress report and an oblast monitoring report for the newest
half-year that is over. Runs after the other demos; does nothing when reports are already
issued."""

from django.conf import settings
from django.utils import timezone

from communities.models import Oblast
from communities.services import SUMY_OBLAST_KATOTTG
from league.models import User
from league.reports import periods, services
from league.reports.models import IssuedReport


def seed(today=None) -> list[IssuedReport]:
    if IssuedReport.objects.exists():
        return []
    oblast = Oblast.objects.filter(katottg=SUMY_OBLAST_KATOTTG).first()
    staff = User.objects.filter(username="demo-staff").first()
    if oblast is None or staff is None:
        return []
    # The newest half-year that is over: issued reports cover fixed periods only.
    last = periods.last_ended_quarter(today or timezone.localdate())
    if last[1] % 2:
        last = (last[0], last[1] - 1) if last[1] > 1 else (last[0] - 1, 4)
    first = (last[0], last[1] - 1)
    narrative = (
        "Громади області звітують здебільшого вчасно. Більшість виявлених осіб "
        "постраждали від трудової експлуатації. Кілька громад потребують допомоги з "
        "ухваленням планів виявлення."
    )
    issued = []
    for kind, params in (
        (IssuedReport.Kind.PROGRESS, {"oblast": oblast.pk}),
        (
            IssuedReport.Kind.MONITORING,
            {"oblast": oblast.pk, "first": list(first), "last": list(last), "narrative": narrative},
        ),
    ):
        try:
            issued.append(
                services.report_issue(
                    kind=kind, params=params, issued_by=staff, base_url=settings.SITE_URL
                )
            )
        except services.ReportError:
            continue  # the demo figures could not be protected: leave that report out
    return issued

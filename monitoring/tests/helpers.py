from django.urls import reverse

from monitoring.models import MonitoringReport


def form_data(report: MonitoringReport, action: str = "save", explanation: str = "", **figures):
    """POST data for the report form: figures by field name (IDENTIFIED__sex__female=1)."""
    return {"version": report.version, "explanation": explanation, "action": action, **figures}


def post_form(client, report, action="save", explanation="", **figures):
    url = reverse("monitoring:report_detail", args=[report.pk])
    return client.post(url, form_data(report, action, explanation, **figures))


VALID_IDENTIFIED = {
    "IDENTIFIED": 2,
    "IDENTIFIED__sex__female": 1,
    "IDENTIFIED__sex__male": 1,
    "IDENTIFIED__age__adult": 2,
    "IDENTIFIED__exploitation__labour": 2,
}

"""Our own `manage.py check --deploy` checks."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1", ""}


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """E-mails and the QR codes printed on issued reports link under SITE_URL: left at
    the development default they point at the reader's own computer, for good."""
    address = urlsplit(settings.SITE_URL)
    if address.scheme == "https" and address.hostname not in LOCAL_HOSTS:
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}; e-mails and the QR codes of issued reports "
            "would link there.",
            hint="Set SITE_URL to the portal's public https:// address (see .env.example).",
            id="league.E001",
        )
    ]

"""The one WeasyPrint wrapper: every PDF of the portal goes through render_pdf."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a template that extends `pdf/base.html` into PDF bytes (A4, fonts embedded)."""
    # Imported here: WeasyPrint takes over a second to import, and most requests never need it.
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

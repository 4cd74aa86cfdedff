import ipaddress
import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import translation
from django.utils.cache import patch_cache_control

# The session remembers when its person was last active, to this resolution.
LAST_ACTIVITY_KEY = "league_last_activity"
ACTIVITY_RESOLUTION_SECONDS = 60


class ChosenLanguageMiddleware:
    """Ukrainian unless the person chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which would
    show English to anyone whose browser happens to be set up in English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def client_ip(request) -> str | None:
    """The address of the person behind the request, for log-in throttling (django-axes'
    AXES_CLIENT_IP_CALLABLE).

    With TRUSTED_PROXY_COUNT = 0 it is REMOTE_ADDR and the proxy header is ignored, so a
    client cannot choose its address. With N trusted proxies, each appending the address it
    saw to TRUSTED_PROXY_HEADER, the client is the N-th entry from the right; anything a
    client wrote before that is not trusted. A header with fewer entries than proxies (the
    request did not come through them) or a malformed entry falls back to REMOTE_ADDR.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxy_count = settings.TRUSTED_PROXY_COUNT
    if proxy_count <= 0:
        return remote_addr
    meta_key = "HTTP_" + settings.TRUSTED_PROXY_HEADER.upper().replace("-", "_")
    entries = [entry.strip() for entry in request.META.get(meta_key, "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < proxy_count:
        return remote_addr
    try:
        return str(ipaddress.ip_address(entries[-proxy_count]))
    except ValueError:
        return remote_addr


class IdleSessionMiddleware:
    """Ends a signed-in session after SESSION_IDLE_MINUTES without a request.

    The session's expiry in the database is SESSION_COOKIE_AGE after its last save; this
    saves it again (pushing the expiry forward) when the person is active, at most once a
    minute, so that most pages cost no extra write. An expired session loads as empty, and
    LoginRequiredMiddleware sends the person to the log-in page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions the page has read already: checking another would cost a query.
        if session is not None and session.accessed and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(LAST_ACTIVITY_KEY, 0) >= ACTIVITY_RESOLUTION_SECONDS:
                session[LAST_ACTIVITY_KEY] = now
        return response


def stamp_activity_on_login(sender, request, user, **kwargs):
    """A fresh log-in counts as activity (connected in LeagueConfig.ready)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())


class PrivateCacheMiddleware:
    """Pages and files seen by a signed-in person are private to them: no shared cache
    (a proxy, the office computer's disk) may keep a copy. Responses to anonymous visitors
    (the log-in page, /healthz) keep whatever their view set; Django's log-in view marks
    itself never_cache already.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A view that never read the session cannot have shown anything personal.
        if session is not None and session.accessed and SESSION_KEY in session:
            patch_cache_control(response, private=True, no_store=True)
        return response


class PermissionsPolicyMiddleware:
    """Every response, static files included (it comes first), tells the browser which of
    its features the portal may use: none of camera, microphone, location, payment and the
    like (settings.PERMISSIONS_POLICY). A view that needs one sets its own header."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class OrdinaryRefusalFilter(logging.Filter):
    """A refusal (403, 404, any 4xx) is an everyday answer, not a fault: `django.request`
    logs it in one line, without the traceback Django attaches to a PermissionDenied.
    Server errors (5xx) keep theirs."""

    def filter(self, record):
        if 400 <= getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True

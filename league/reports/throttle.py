"""The /verify/ rate limit: VERIFY_RATE_LIMIT checks per client address per clock hour,
counted in the database (VerifyCount) so that every gunicorn worker shares one count,
and keyed by the client's address behind the trusted proxies (league.middleware.client_ip,
as the log-in throttle), so that one client checking many files locks out only itself."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from league.middleware import client_ip
from league.reports.models import VerifyCount


def over_limit(request) -> bool:
    """Count this check and say whether the client has used up its hour. Two queries
    while under the limit (one to count; a new hour's first check also clears old hours)."""
    return address_over_limit(client_ip(request) or "", now=timezone.now())


def address_over_limit(address: str, *, now) -> bool:
    hour = now.replace(minute=0, second=0, microsecond=0)
    limit = settings.VERIFY_RATE_LIMIT
    counters = VerifyCount.objects.filter(address=address, hour=hour)
    # One UPDATE that counts only below the limit: two processes cannot both take the
    # last check.
    if counters.filter(count__lt=limit).update(count=F("count") + 1):
        return False
    if limit <= 0 or counters.exists():
        return True
    try:
        with transaction.atomic():
            VerifyCount.objects.create(address=address, hour=hour, count=1)
    except IntegrityError:
        # Another process made this hour's row a moment ago: count on it.
        return not counters.filter(count__lt=limit).update(count=F("count") + 1)
    VerifyCount.objects.filter(hour__lt=hour).delete()
    return False

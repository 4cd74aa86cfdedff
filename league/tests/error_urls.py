"""The portal's URLs plus a view that fails, for the error-page tests."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from league.urls import handler500
from league.urls import urlpatterns as portal_urlpatterns


@login_not_required
def fail_before_touching_the_session(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [*portal_urlpatterns, path("fail/", fail_before_touching_the_session)]

__all__ = ["handler500", "urlpatterns"]

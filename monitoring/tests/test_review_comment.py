"""A review whose comment the form refuses does nothing and says why; it used to drop the
comment and approve, return or reopen the report all the same."""

import pytest
from django.urls import reverse

from monitoring.models import ReportStatus, StatusChange
from monitoring.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", ReportStatus.SUBMITTED),
        ("return", ReportStatus.SUBMITTED),
        ("reopen", ReportStatus.APPROVED),
    ],
)
@pytest.mark.parametrize("comment", ["Перевірте\x00суму", "я" * 10_001])
def test_a_refused_comment_stops_the_review(action, status, comment, cast, client_for, catalogue):
    report = ReportFactory(community=cast.community_a, status=status)
    url = reverse(f"monitoring:report_{action}", kwargs={"pk": report.pk})
    response = client_for("staff").post(url, {"comment": comment}, follow=True)
    assert "Нічого не зроблено: коментар відхилено" in response.content.decode()
    report.refresh_from_db()
    assert report.status == status
    assert not StatusChange.objects.exists()

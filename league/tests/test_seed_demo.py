import pytest
from django.core.management import CommandError, call_command

from communities.models import Community, ContactPerson
from league.models import User
from league.reports.models import IssuedReport


@pytest.mark.django_db
def test_seed_demo_creates_the_accounts_and_can_run_twice(settings):
    settings.DEBUG = True
    call_command("seed_demo", password="demo-pass-123")
    contacts = ContactPerson.objects.count()
    call_command("seed_demo", password="demo-pass-123")

    assert Community.objects.count() == 51
    assert ContactPerson.objects.count() == contacts
    users = {user.username: user for user in User.objects.all()}
    assert users["demo-admin"].role == User.Role.ADMIN
    assert users["demo-staff"].role == User.Role.STAFF
    assert users["demo-council"].oblast.katottg == "UA59000000000057109"
    assert [c.katottg for c in users["demo-worker"].communities.all()] == ["UA59080270000073662"]
    assert [c.katottg for c in users["demo-worker2"].communities.all()] == ["UA59020070000032449"]
    assert all(user.check_password("demo-pass-123") for user in users.values())
    # A few issued reports, once: the register and the public page are not empty.
    assert sorted(IssuedReport.objects.values_list("kind", flat=True)) == [
        "monitoring",
        "progress",
    ]


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", password="demo-pass-123")
    assert not User.objects.exists()

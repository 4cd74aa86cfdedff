"""Demo accounts for trying the portal. Each app's own demo content lives in its demo.py."""

from communities.models import Community, Oblast
from communities.services import SUMY_OBLAST_KATOTTG
from league.models import User

SUMY_CITY = "UA59080270000073662"
KONOTOP_CITY = "UA59020070000032449"

# username -> (first name, last name, role, KATOTTG codes of the communities served)
DEMO_ACCOUNTS = {
    "demo-admin": ("Олена", "Адміністраторка", User.Role.ADMIN, []),
    "demo-staff": ("Ірина", "Коваленко", User.Role.STAFF, []),
    "demo-worker": ("Марія", "Бондаренко", User.Role.WORKER, [SUMY_CITY]),
    "demo-worker2": ("Наталія", "Шевченко", User.Role.WORKER, [KONOTOP_CITY]),
    "demo-council": ("Андрій", "Мельник", User.Role.COUNCIL, []),
}


def demo_accounts_seed(*, password: str) -> dict[str, User]:
    """Create or update the five demo accounts, each with `password`."""
    oblast = Oblast.objects.get(katottg=SUMY_OBLAST_KATOTTG)
    accounts = {}
    for username, (first_name, last_name, role, codes) in DEMO_ACCOUNTS.items():
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name, user.role = first_name, last_name, role
        user.email = f"{username}@example.org"
        user.oblast = oblast if role == User.Role.COUNCIL else None
        user.is_active = True
        user.set_password(password)
        user.save()
        user.communities.set(Community.objects.filter(katottg__in=codes))
        accounts[username] = user
    return accounts

from league.tests.access_matrix import Row, everyone, expect

ROWS = [
    Row("home", everyone()),
    Row("healthz", everyone(anonymous=200)),
    Row("favicon", everyone(301, anonymous=301)),
    Row(
        "login", everyone(302, anonymous=200), own_view=False
    ),  # logged-in users go on to the start page
    Row("logout", everyone(302, anonymous=302), method="post", own_view=False),
    Row("password_change", everyone(), own_view=False),
    Row("password_change_done", everyone(), own_view=False),
    Row(
        "set_language",
        everyone(302, anonymous=302),
        method="post",
        data=lambda cast: {"language": "en", "next": "/"},
        own_view=False,
    ),
    Row(
        "admin:index",
        expect(worker_a=302, worker_b=302, staff=200, council=302, admin=200),
        own_view=False,
    ),
    Row(
        "admin:league_user_changelist",
        expect(worker_a=302, worker_b=302, staff=403, council=302, admin=200),
        own_view=False,
    ),
    Row(
        "admin:communities_community_changelist",
        expect(worker_a=302, worker_b=302, staff=200, council=302, admin=200),
        own_view=False,
    ),
]

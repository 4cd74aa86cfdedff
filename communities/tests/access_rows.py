from communities.tests.factories import ContactPersonFactory
from league.tests.access_matrix import Row, confirmed, everyone, expect

# Community A belongs to worker_a; worker_b serves B. Objects of A are 404 for worker_b.
A_ONLY_EDIT = expect(worker_a=200, worker_b=404, staff=200, council=403, admin=200)


def contact_of_a(cast):
    return {"pk": ContactPersonFactory(community=cast.community_a).pk}


ROWS = [
    Row("communities:list", everyone()),
    Row("communities:search", everyone(), query="?q=Су"),
    Row(
        "communities:detail",
        expect(worker_a=200, worker_b=404, staff=200, council=200, admin=200),
        kwargs=lambda cast: {"pk": cast.community_a.pk},
    ),
    Row(
        "communities:contact_create",
        A_ONLY_EDIT,
        kwargs=lambda cast: {"pk": cast.community_a.pk},
    ),
    Row("communities:contact_update", A_ONLY_EDIT, kwargs=contact_of_a),
    Row(
        "communities:contact_delete",
        expect(worker_a=302, worker_b=404, staff=302, council=403, admin=302),
        kwargs=contact_of_a,
        method="post",
        data=confirmed,
    ),
]

from communities.plans.tests.access_rows import PLAN_ROWS  # noqa: E402

ROWS += PLAN_ROWS

import uuid

from league.reports.tests.factories import IssuedReportFactory
from league.tests.access_matrix import Row, everyone, expect

COUNCIL_AND_NGO = expect(worker_a=403, worker_b=403, staff=200, council=200, admin=200)
STAFF_ONLY = expect(worker_a=403, worker_b=403, staff=200, council=403, admin=200)
OPEN = everyone(200, anonymous=200)


def issued_in_cast_oblast(cast):
    return {"pk": IssuedReportFactory(oblast=cast.oblast).pk}


ROWS = [
    Row("reports:monitoring", COUNCIL_AND_NGO),
    Row("reports:issue", STAFF_ONLY),
    Row(
        "reports:release_make",
        expect(worker_a=403, worker_b=403, staff=302, council=403, admin=302),
        method="post",
        data=lambda cast: {"oblast": cast.oblast.pk, "form_token": str(uuid.uuid4())},
    ),
    Row("reports:issued_list", COUNCIL_AND_NGO),
    Row("reports:issued_detail", COUNCIL_AND_NGO, kwargs=issued_in_cast_oblast),
    Row("reports:issued_pdf", COUNCIL_AND_NGO, kwargs=issued_in_cast_oblast),
    Row("reports:issued_xlsx", COUNCIL_AND_NGO, kwargs=issued_in_cast_oblast),
    Row(
        "reports:community_profile_pdf",
        expect(worker_a=200, worker_b=404, staff=200, council=403, admin=200),
        kwargs=lambda cast: {"pk": cast.community_a.pk},
    ),
    Row("reports:verify", OPEN),
    Row("reports:public", OPEN),
    Row("reports:public_csv", OPEN),
    Row("reports:public_json", OPEN),
    Row("reports:public_figures_csv", OPEN),
    Row("reports:public_datapackage", OPEN),
]

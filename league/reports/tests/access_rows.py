from league.tests.access_matrix import Row, expect

COUNCIL_AND_NGO = expect(worker_a=403, worker_b=403, staff=200, council=200, admin=200)

ROWS = [
    Row("reports:monitoring", COUNCIL_AND_NGO),
]

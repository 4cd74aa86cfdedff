from league.tests.access_matrix import Row, everyone

ROWS = [
    Row("notifications:preferences", everyone()),
]

from league.tests.access_matrix import Row, everyone

ROWS = [
    Row("timeline:timeline", everyone()),
    Row("timeline:timeline", everyone(), query="?kind=meeting"),
]

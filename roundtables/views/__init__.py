"""Views of the round tables, one module per section of the app."""

"""Models arrive with their issue; see the README roadmap."""

"""Qt widgets, one panel per file; each takes its model in __init__ and observes it."""

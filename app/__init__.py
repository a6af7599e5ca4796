"""The HTTP API of the lessons-learned graph."""

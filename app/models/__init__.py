"""Pydantic models at the API boundary (request and response shapes)."""

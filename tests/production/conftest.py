"""Fixtures of the production tests: a PostgreSQL schema of their own."""

from tests.jobs.conftest import postgres_url  # noqa: F401 - shared fixture

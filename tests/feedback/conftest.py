"""The officials' app fixtures (real services on a temporary store, a movable clock), with the feedback views."""

from tests.officials.conftest import app, client, file_dossier, log_in  # noqa: F401 - fixtures and helpers
from tests.services.conftest import catalog, clock, services  # noqa: F401 - fixtures

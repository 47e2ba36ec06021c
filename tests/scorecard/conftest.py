"""The officials' app fixtures (real services on a temporary store, a movable clock)."""

from tests.officials.conftest import app, client  # noqa: F401 - fixtures
from tests.services.conftest import catalog, clock, services  # noqa: F401 - fixtures

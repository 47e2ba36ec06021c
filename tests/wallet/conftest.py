from tests.jobs.conftest import build, queued_config  # noqa: F401 - shared fixtures
from tests.services.conftest import catalog, clock, services  # noqa: F401 - shared fixtures

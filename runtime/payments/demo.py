"""The demo gateway (kept at this path for existing imports; see :mod:`.contrib.demo`)."""

from .contrib.demo import SIGNATURE, DemoGateway

__all__ = ["SIGNATURE", "DemoGateway"]

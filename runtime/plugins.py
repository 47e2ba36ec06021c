"""One registry shape for every plugin area (identity, payments, notifications, signer, trust, ...).

Each area makes one :class:`Registry` naming the configuration key that
selects its backend. A backend is registered by name with the dotted path of
its factory (imported only when selected, so pyHanko or an HTTP client loads
only where it is used), or chosen directly with ``"package.module:factory"``.
A factory takes the configuration mapping and returns the backend.

Demo backends carry ``demo=True`` (or a ``demo = True`` attribute on a
``module:factory`` of your own): :func:`refuse_demo_in_production` lists every
area whose selected backend is a demo, and the app refuses to start with
``MOTCUA_ENV=production`` while any is configured.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Config = Mapping[str, Any]


class PluginError(RuntimeError):
    """A backend cannot be selected or built from the configuration."""


class DemoInProductionError(PluginError):
    """A demo backend (or demo setting) is configured while ``MOTCUA_ENV`` is ``production``."""


def is_production(config: Config) -> bool:
    return (config.get("MOTCUA_ENV") or os.environ.get("MOTCUA_ENV")) == "production"


def load_object(path: str) -> Any:
    """The object named by ``"package.module:attribute"``."""
    module, _, attribute = path.partition(":")
    if not module or not attribute:
        raise PluginError(f"{path!r}: name a factory as 'package.module:function'")
    try:
        found = importlib.import_module(module)
        for part in attribute.split("."):
            found = getattr(found, part)
        return found
    except (ImportError, AttributeError) as exc:
        raise PluginError(f"cannot load {path!r}: {exc}") from exc


@dataclass(frozen=True)
class Plugin:
    """One registered backend of an area."""

    name: str
    """What the configuration key says to select it."""
    factory: str
    """``"package.module:function"`` taking the configuration, returning the backend."""
    demo: bool = False
    """A demo backend: refused in production."""
    description: str = ""


class Registry(Generic[T]):
    """The backends of one area, and which one the configuration selects."""

    def __init__(self, area: str, setting: str, *, default: str | Callable[[Config], str],
                 contract: type | None = None):
        self.area, self.setting, self._default, self.contract = area, setting, default, contract
        self._plugins: dict[str, Plugin] = {}

    def register(self, name: str, factory: str, *, demo: bool = False, description: str = "") -> None:
        if name in self._plugins:
            raise PluginError(f"{self.area}: a backend named {name!r} is already registered")
        self._plugins[name] = Plugin(name, factory, demo, description)

    def __iter__(self) -> Iterator[Plugin]:
        return iter(self._plugins.values())

    def __contains__(self, name: object) -> bool:
        return name in self._plugins

    def selected(self, config: Config) -> str:
        """The name (or ``module:factory``) the configuration selects."""
        chosen = config.get(self.setting)
        if chosen:
            return str(chosen)
        return self._default(config) if callable(self._default) else self._default

    def plugin(self, config: Config) -> Plugin:
        """The selected backend's registration, without building it."""
        name = self.selected(config)
        if name in self._plugins:
            return self._plugins[name]
        if ":" in name:
            return Plugin(name, name, bool(getattr(load_object(name), "demo", False)))
        known = ", ".join(repr(p) for p in self._plugins)
        raise PluginError(f"unknown {self.setting} {name!r}: use one of {known} or 'package.module:factory'")

    def build(self, config: Config) -> T:
        """Build the selected backend; refuses a demo backend in production."""
        plugin = self.plugin(config)
        if plugin.demo and is_production(config):
            raise DemoInProductionError(demo_message(self, plugin))
        made = load_object(plugin.factory)(config)
        if self.contract is not None and not isinstance(made, self.contract):
            raise PluginError(f"{plugin.factory} did not make a {self.contract.__name__} ({self.area})")
        return made


def demo_message(registry: Registry[Any], plugin: Plugin) -> str:
    return (f"the demo {registry.area} {plugin.name!r} is configured ({registry.setting}): "
            f"choose a real one in production")


def demo_backends(config: Config, registries: list[Registry[Any]]) -> list[str]:
    """One line per area whose selected backend is a demo."""
    return [demo_message(r, p) for r in registries if (p := r.plugin(config)).demo]

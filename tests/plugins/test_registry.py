"""One registry shape: selection by name or module:factory, demo backends refused in production."""

from __future__ import annotations

import pytest

from runtime import create_app
from runtime.plugins import DemoInProductionError, PluginError, Registry
from runtime.production import plugin_areas, production_problems

SECRET = "x" * 40

#: A configuration with a real backend in every area (nothing is built: only selection is checked).
REAL = {
    "MOTCUA_ENV": "production", "SECRET_KEY": SECRET, "MOTCUA_OFFICIALS": "/etc/motcua/officials.json",
    "MOTCUA_IDENTITY": "oidc", "MOTCUA_PAYMENT_GATEWAY": "hmac", "MOTCUA_EMAIL_SENDER": "smtp",
    "MOTCUA_SMS_SENDER": "http", "MOTCUA_SIGNER": "pkcs12", "MOTCUA_TRUST": "directory",
    "MOTCUA_PORTAL_SYNC": "none", "MOTCUA_ATTACHMENT_STORE": "filesystem",
}


def demo_factory(config):
    return object()


demo_factory.demo = True  # type: ignore[attr-defined]


def test_production_configuration_has_no_problem_when_every_area_is_real():
    assert production_problems(REAL) == []


@pytest.mark.parametrize(("setting", "demo", "area"), [
    ("MOTCUA_IDENTITY", "demo", "identity provider"),
    ("MOTCUA_PAYMENT_GATEWAY", "demo", "payment gateway"),
    ("MOTCUA_EMAIL_SENDER", "log", "e-mail sender"),
    ("MOTCUA_SMS_SENDER", "log", "SMS sender"),
    ("MOTCUA_SIGNER", "demo", "agency signer"),
    ("MOTCUA_TRUST", "demo", "signature trust"),
    ("MOTCUA_PORTAL_SYNC", "demo", "portal sync"),
    ("MOTCUA_PAYMENT_GATEWAY", "tests.plugins.test_registry:demo_factory", "payment gateway"),
])
def test_app_refuses_to_start_in_production_when_an_area_selects_its_demo_backend(tmp_path, setting, demo, area):
    config = {**REAL, setting: demo, "TESTING": True, "INSTANCE_PATH": str(tmp_path)}
    with pytest.raises(DemoInProductionError, match=f"demo {area}"):
        create_app(config)


@pytest.mark.parametrize(("extra", "words"), [
    ({"MOTCUA_DEV_OUTBOX": True}, "outbox"),
    ({"MOTCUA_OFFICIALS": ""}, "demo officials"),
    ({"SECRET_KEY": "short"}, "session secret"),
])
def test_app_refuses_to_start_in_production_when_a_demo_setting_is_on(tmp_path, extra, words):
    with pytest.raises(DemoInProductionError, match=words):
        create_app({**REAL, **extra, "TESTING": True, "INSTANCE_PATH": str(tmp_path)})


def test_every_area_defaults_to_a_backend_it_knows_when_nothing_is_configured():
    for registry in plugin_areas():
        assert registry.plugin({}).name in registry


def test_trust_defaults_to_the_directory_when_a_real_signer_and_a_directory_are_configured():
    from runtime.signing.registry import TRUST

    assert TRUST.plugin({"MOTCUA_SIGNER": "pkcs12", "MOTCUA_TRUST_DIR": "/etc/ca"}).name == "directory"
    assert TRUST.plugin({"MOTCUA_TRUST_DIR": "/etc/ca"}).name == "demo"


def test_registry_builds_a_module_factory_of_your_own_when_configured():
    registry: Registry[object] = Registry("thing", "THING", default="none")
    made = registry.build({"THING": "tests.plugins.test_registry:demo_factory"})
    assert isinstance(made, object)
    assert registry.plugin({"THING": "tests.plugins.test_registry:demo_factory"}).demo


def test_registry_names_the_known_backends_when_the_selection_is_unknown():
    registry: Registry[object] = Registry("thing", "THING", default="a")
    registry.register("a", "tests.plugins.test_registry:demo_factory")
    with pytest.raises(PluginError, match="unknown THING 'b': use one of 'a'"):
        registry.build({"THING": "b"})


def test_registry_refuses_a_factory_that_makes_the_wrong_kind_of_backend():
    registry: Registry[object] = Registry("thing", "THING", default="a", contract=str)
    registry.register("a", "tests.plugins.test_registry:demo_factory")
    with pytest.raises(PluginError, match="did not make a str"):
        registry.build({})


def test_registry_refuses_two_backends_with_one_name():
    registry: Registry[object] = Registry("thing", "THING", default="a")
    registry.register("a", "x:y")
    with pytest.raises(PluginError, match="already registered"):
        registry.register("a", "x:z")

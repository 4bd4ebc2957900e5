import pytest  # noqa: E402

from tests.engine.conftest import engine, model_cache, start_engine, tiny_model  # noqa: F401  (shared fixtures)


@pytest.fixture(scope="session", autouse=True)
def english_interface(qapp):
    """English with its plural forms, as the app loads it (see tests/gui/conftest.py)."""
    from gui.i18n import install

    install(qapp, "en")

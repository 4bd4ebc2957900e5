import pytest

try:
    from PySide6 import QtWidgets  # noqa: F401
except ImportError as exc:  # Qt's system libraries are missing on this machine
    pytest.skip(f"Qt cannot load here ({exc}); .ci/run installs its system libraries",
                allow_module_level=True)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """A randomly initialised two-layer Llama, made in seconds (tests/engine/tiny.py)."""
    try:
        from core.engine.tiny import make_tiny_model
    except ImportError as exc:
        pytest.skip(f"the local engine's packages are not installed ({exc.name})")
    return make_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny")


@pytest.fixture(scope="session")
def model_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="session", autouse=True)
def english_interface(qapp):
    """The app loads its translations when it starts (gui.app.make_app); tests that build
    widgets directly get the same English, with its plural forms ("1 token", "2 tokens")."""
    from gui.i18n import install

    install(qapp, "en")

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def tunedesk_home(tmp_path_factory, monkeypatch):
    """Every test gets its own TUNEDESK_HOME: nothing leaks between tests or to the user."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TUNEDESK_HOME", str(home))
    return home

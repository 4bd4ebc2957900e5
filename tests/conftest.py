import os
import shutil
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from core.cli import register_engine_tokenizers  # noqa: E402

register_engine_tokenizers()  # as the app and the command do when they start


@pytest.fixture(autouse=True)
def tunedesk_home(tmp_path_factory, monkeypatch):
    """Every test gets its own TUNEDESK_HOME: nothing leaks between tests or to the user."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TUNEDESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory):
    """A private session bus with gnome-keyring's Secret Service, unlocked with 'pw'."""
    for tool in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: .ci/run installs dbus and gnome-keyring")
    home = tmp_path_factory.mktemp("keyring-home")
    run = home / "run"
    run.mkdir(mode=0o700)
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(run), "XDG_DATA_HOME": str(home / "data")}
    bus = subprocess.Popen(["dbus-daemon", "--session", "--print-address=1", "--nofork", "--nopidfile"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
    daemon = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              text=True, env=env)
    daemon.stdin.write("pw")
    daemon.stdin.close()
    _wait_until_it_stores(env)
    yield env
    daemon.terminate()
    bus.terminate()
    daemon.wait(10)
    bus.wait(10)


def _wait_until_it_stores(env: dict[str, str], timeout: float = 30.0) -> None:
    """The daemon answers on the bus before its login collection is made and unlocked;
    a key stored in that moment is refused. Wait until a probe key goes in and out."""
    code = ("import keyring.backends.SecretService as s; k = s.Keyring(); "
            "k.set_password('tunedesk-probe', 'probe', 'x'); k.delete_password('tunedesk-probe', 'probe')")
    deadline = time.monotonic() + timeout
    while subprocess.run([sys.executable, "-c", code], env=env, capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            pytest.fail("gnome-keyring's Secret Service did not start storing keys within 30 s")

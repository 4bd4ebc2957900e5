"""How TuneDesk starts its own processes: the engine, a trainer, an export.

From a checkout or a pip install they are `python -m …` of this interpreter. In the
packaged app (PyInstaller sets ``sys.frozen``) there is no Python interpreter to run:
the one executable dispatches on its first argument (`TuneDesk engine …`,
`TuneDesk engine-trainer …`), so every process is the app itself.
"""

from __future__ import annotations

import sys

TRAINER = "engine-trainer"  # not a user command: `tunedesk engine` starts it for each job


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def tunedesk_command(command: str) -> list[str]:
    """How to run `tunedesk COMMAND` from this interpreter or this packaged app."""
    if frozen():
        return [sys.executable, command]
    return [sys.executable, "-m", "gui.launch", command]


def trainer_command() -> list[str]:
    """The trainer of one job; its arguments follow (see core/engine/train.py)."""
    if frozen():
        return [sys.executable, TRAINER]
    return [sys.executable, "-m", "core.engine.train"]


ENGINE_MODULES = ("uvicorn", "fastapi", "torch", "transformers", "peft")


def missing_engine_module() -> str | None:
    """The first module the local engine needs that this install lacks (None: it has them
    all). Found, not imported: importing torch takes seconds."""
    import importlib.util

    for name in ENGINE_MODULES:
        if importlib.util.find_spec(name) is None:
            return name
    return None


def no_engine_message() -> str:
    """What to tell someone whose TuneDesk has no local engine."""
    from .i18n import tr

    if frozen():
        return tr("This download of TuneDesk is the cloud-only one: it has no local engine. Training and chatting "
                  "on this computer need the full download of TuneDesk; cloud providers work here.")
    return tr("The local engine is not installed ({module} is missing); run `python3 scripts/bootstrap.py app`.",
              module=missing_engine_module())

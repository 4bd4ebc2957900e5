"""The interface's translations (see gui/i18n.py):

    python scripts/i18n.py update    # find every tr()/tr_noop() string in gui/ and core/ and
                                     # update resources/i18n/*.ts (new strings arrive unfinished)
    python scripts/i18n.py release   # compile the .ts files into the .qm files the app loads
    python scripts/i18n.py check     # exit 1 if a .ts has unfinished or missing translations
                                     # or a .qm is not its .ts compiled (the tests run this)

Translators edit the .ts files with Qt Linguist (`pyside6-linguist`) or any XML editor.
``tunedesk_en.ts`` holds only English plural forms ("%n job(s)" → "1 job", "2 jobs").
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")


def sources() -> list[str]:
    files = sorted({*ROOT.joinpath("gui").rglob("*.py"), *ROOT.joinpath("core").rglob("*.py")})
    return [str(f.relative_to(ROOT)) for f in files if "__pycache__" not in f.parts]


def tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else name


def update() -> None:
    for language in LANGUAGES:
        extra = ["-pluralonly"] if language == "en" else []
        subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *extra, *sources(),
                        "-ts", str(FOLDER / f"tunedesk_{language}.ts")], cwd=ROOT, check=True)


def release() -> None:
    for language in LANGUAGES:
        ts = FOLDER / f"tunedesk_{language}.ts"
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def problems() -> list[str]:
    import tempfile

    out = []
    for language in LANGUAGES:
        ts = FOLDER / f"tunedesk_{language}.ts"
        qm = ts.with_suffix(".qm")
        for message in ET.parse(ts).iter("message"):
            translation = message.find("translation")
            source = message.findtext("source")
            forms = translation.findall("numerusform") if message.get("numerus") == "yes" else [translation]
            if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all((f.text or "").strip()
                                                                                            for f in forms):
                out.append(f"{ts.name}: not translated: {source!r}")
        with tempfile.TemporaryDirectory() as tmp:  # the .qm must be this .ts compiled (a clone's mtimes say nothing)
            fresh = Path(tmp) / qm.name
            subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(fresh)], check=True)
            if not qm.exists() or qm.read_bytes() != fresh.read_bytes():
                out.append(f"{qm.name} is not {ts.name} compiled: run `python scripts/i18n.py release`")
    return out


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "check"
    if what == "update":
        update()
    elif what == "release":
        release()
    elif what == "check":
        found = problems()
        print("\n".join(found) or "all strings translated")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The interface in Chinese: every string a user sees is wrapped for translation,
translated, compiled, and shown — in the main window, its menus, tabs and dialogs."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from gui import i18n

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import i18n as i18n_script  # noqa: E402  scripts/i18n.py

# Calls that put text on the screen, and which of their arguments is that text.
TEXT_ARGS = {
    "setText": (0,), "setToolTip": (0,), "setWindowTitle": (0,), "setPlaceholderText": (0,), "showMessage": (0,),
    "addMenu": (0,), "setStatusTip": (0,), "QLabel": (0,), "QPushButton": (0,), "QAction": (0,), "QCheckBox": (0,),
    "QGroupBox": (0,), "QRadioButton": (0,), "QToolButton": (0,), "addRow": (0,), "setAccessibleName": (0,),
    "setTitle": (0,), "setSpecialValueText": (0,), "setLabelText": (0,), "setFormat": (0,), "addItem": (0,),
    "setSuffix": (0,), "setPrefix": (0,), "_action": (0,), "addTab": (1,), "insertTab": (2,), "setTabText": (1,),
    "information": (1, 2), "warning": (1, 2), "critical": (1, 2), "question": (1, 2), "getText": (1, 2),
    "getSaveFileName": (1, 3), "getOpenFileName": (1, 3), "getExistingDirectory": (1,), "getItem": (1, 2),
    "getInt": (1, 2), "getDouble": (1, 2), "notify": (0, 1), "emit": (0,),
}
# Developer-facing modules: the self-test's console output, the launcher's error before Qt loads.
NOT_INTERFACE = {"selftest.py", "launch.py", "i18n.py"}


def _is_words(node: ast.AST) -> bool:
    """A literal (or f-string) that holds words: something a user reads."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = " ".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return False
    words = [w for w in re.findall(r"[A-Za-z]{2,}", text) if w != "TuneDesk"]  # the name stays the name
    return bool(words) and not re.fullmatch(r"[\w+,/ ]*(Ctrl|Shift|Alt)\+[\w+,/]*", text)


def test_every_user_visible_string_is_wrapped_for_translation():
    found = []
    for path in sorted((ROOT / "gui").rglob("*.py")):
        if path.name in NOT_INTERFACE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for i in TEXT_ARGS.get(name, ()):
                if i < len(node.args) and _is_words(node.args[i]):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node.args[i])[:80]}")
    assert not found, "wrap these in tr() (gui/i18n.py):\n" + "\n".join(found)


def test_the_catalogue_holds_every_string_translated_and_compiled(tmp_path):
    """`python scripts/i18n.py update` would add nothing, nothing is unfinished, and the
    .qm files are the compiled .ts files."""
    work = tmp_path / "i18n"
    shutil.copytree(i18n_script.FOLDER, work)
    for language in i18n_script.LANGUAGES:
        ts = work / f"tunedesk_{language}.ts"
        extra = ["-pluralonly"] if language == "en" else []
        out = subprocess.run([i18n_script.tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *extra,
                              *i18n_script.sources(), "-ts", str(ts)], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout
        assert language == "en" or re.search(r"\(0 new and", out), \
            f"strings not in {ts.name} yet: run `python scripts/i18n.py update`\n{out}"
        assert ts.read_text(encoding="utf-8") == (i18n_script.FOLDER / ts.name).read_text(encoding="utf-8"), \
            f"{ts.name} is out of date: run `python scripts/i18n.py update`"
        qm = ts.with_suffix(".qm")
        subprocess.run([i18n_script.tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        assert qm.read_bytes() == (i18n_script.FOLDER / qm.name).read_bytes(), \
            f"{qm.name} is not the compiled {ts.name}: run `python scripts/i18n.py release`"
    assert i18n_script.problems() == []


def test_the_built_in_presets_have_translated_names():
    import json

    names = [p["name"] for p in json.loads((ROOT / "resources" / "presets.json").read_text(encoding="utf-8"))["presets"]]
    assert set(names) <= set(i18n.BUILTIN_PRESETS), "add the new preset's name to gui.i18n.BUILTIN_PRESETS"


def test_plural_forms_are_right_in_both_languages(qapp):
    assert i18n.install(qapp, "en") == "en"
    assert i18n.tr("%Ln example(s)", None, 1) == "1 example"
    assert i18n.tr("%Ln example(s)", None, 12000) in ("12,000 examples", "12000 examples")
    assert i18n.tr("%n job(s) are training on this computer. If you quit now, training pauses and resumes from the "
                   "last checkpoint the next time TuneDesk starts. Quit anyway?", None, 1).startswith("1 job is training")
    try:
        assert i18n.install(qapp, "zh_CN") == "zh_CN"
        assert i18n.tr("%Ln example(s)", None, 1) == "1 个样本"
        assert i18n.tr("%Ln example(s)", None, 3) == "3 个样本"
        from core.datasets.validate import check_size  # core's words come through translated too

        few = check_size(12)
        assert few and str(few[0].message).startswith("12 examples;")  # English where core speaks (the CLI)
        assert i18n.shown(few[0].message).startswith("12 个样本；")
        assert i18n.shown(check_size(1)[0].message).startswith("1 个可用样本")
    finally:
        i18n.install(qapp, "en")


def test_the_system_language_is_used_unless_preferences_say_otherwise(monkeypatch):
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.Chinese,
                                                                        QLocale.Country.China)))
    assert i18n.resolve("") == "zh_CN"
    assert i18n.resolve("en") == "en"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.Chinese,
                                                                        QLocale.Script.TraditionalChineseScript,
                                                                        QLocale.Country.Taiwan)))
    assert i18n.resolve("") == "en"  # no Traditional Chinese translation: English, not Simplified
    assert i18n.resolve("zh_CN") == "zh_CN"


# Words that stay as they are in a Chinese interface: names, formats, units, data.
KEEP = set("""
TuneDesk OpenAI Azure JSONL JSON CSV TSV XLSX TXT HTML Markdown API URL GGUF LoRA PEFT safetensors transformers
Ollama LM Studio llama cpp Modelfile DPO Kendall CER WER BLEU chrF Hugging Face Ctrl Shift Enter Tab Alt Del
Top ID gpt mini nano turbo davinci babbage smollm instruct tiny auto OPENAI_API_KEY Lines http https jsonl
system user assistant tool UTF Qwen SmolLM Llama English END gguf support bot txt md
""".split())


def _english_words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # markup
    text = re.sub(r"\S+\.(jsonl|json|csv|png|gguf|sqlite|log)\b", " ", text)  # file names
    text = re.sub(r"(https?://|/)\S+", " ", text)  # addresses and paths
    text = re.sub(r"\w*\d\w*", " ", text)  # names with digits: tokenizers, quantizations, models
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text.replace("&", "")) if w not in KEEP
            and not w.lower().startswith(("gpt", "ft", "smollm"))]


def _visible_texts(root: QWidget) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        kind = type(w).__name__
        if w.windowTitle() and w.isWindow():
            out.append((f"{kind} title", w.windowTitle()))
        if w.toolTip():
            out.append((f"{kind} tooltip", w.toolTip()))
        if isinstance(w, QLabel) and not w.text().startswith("<!DOCTYPE"):
            out.append(("label", w.text()))
        elif isinstance(w, QAbstractButton):
            out.append(("button", w.text()))
        elif isinstance(w, QGroupBox):
            out.append(("group", w.title()))
        elif isinstance(w, QLineEdit):
            out.append(("placeholder", w.placeholderText()))
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            out.append(("placeholder", w.placeholderText()))
        elif isinstance(w, QTabWidget):
            out += [("tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QMenu):
            out += [("menu", a.text()) for a in w.actions()]
        elif isinstance(w, QAbstractItemView) and w.model() is not None and hasattr(w, "horizontalHeader"):
            out += [("column", str(w.model().headerData(c, Qt.Orientation.Horizontal) or ""))
                    for c in range(w.horizontalHeader().count())]
        elif isinstance(w, QComboBox) and not w.isEditable() and w.accessibleName():
            out += [("choice", w.itemText(i)) for i in range(w.count())]
    return [(where, text) for where, text in out if text]


@pytest.mark.qt_log_ignore("This plugin does not support")  # raise() and keyboard grabs, offscreen
def test_every_menu_tab_and_dialog_is_in_chinese(qtbot, qapp, tmp_path):
    from core import paths
    from gui.datasets.find_replace import FindReplaceDialog
    from gui.help import getting_started
    from gui.main_window import MainWindow
    from gui.preferences import PreferencesDialog
    from gui.train.export_dialog import ExportDialog
    from gui.train.launch_dialog import LaunchDialog

    i18n.install(qapp, "zh_CN")
    try:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.datasets.loaded, timeout=30_000):
            window.open_path(paths.resource("samples/support_chat.jsonl"))
        window.datasets.table.selectRow(10)  # a multi-turn conversation in the editor
        seen: list[tuple[str, str]] = []
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            seen += _visible_texts(window)
        window.tabs.setCurrentWidget(window.train)
        window.train.select_provider("openai")  # the deadline banner
        assert window.train.banner.isVisible()
        seen += _visible_texts(window)
        window.train.select_provider("local")
        for action in window.menuBar().actions():
            action.menu().aboutToShow.emit()  # menus filled when opened (recent files, fixes)
            seen.append(("menu bar", action.text()))
        from core.chat.request import builtin_presets
        from core.datasets.models import tokenizer_factory
        from core.datasets.readers import DatasetReader
        from gui.chat.add_dialog import AddToDatasetDialog
        from gui.datasets.documents_dialog import DocumentsDialog
        from gui.datasets.generate_dialog import GenerateDialog
        from gui.datasets.import_dialog import ImportDialog
        from gui.evaluate.dialogs import CandidateDialog, JudgeDialog
        from gui.migrate.distill_dialog import DistillDialog
        from gui.migrate.import_dialog import ImportDialog as ImportJobsDialog

        table = tmp_path / "tickets.csv"
        table.write_text("问题,回答\n怎么重置？,打开设置。\n", encoding="utf-8")  # the user's data is not the interface
        dialogs = [PreferencesDialog(window.settings, window, window.providers),
                   ImportDialog(DatasetReader(table), window), GenerateDialog(window.providers, set(), window),
                   DocumentsDialog(str(paths.resource("samples/articles")), "gpt-4o-mini",
                                   tokenizer_factory("gpt-4o-mini"), window),
                   AddToDatasetDialog([{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}],
                                      "support_chat.jsonl", window),
                   CandidateDialog(window.providers, builtin_presets(), window), JudgeDialog(window.providers, "", window),
                   LaunchDialog(window.providers, None, "local", window),
                   ExportDialog("ft:tiny:me:x:1", ["ft:tiny:me:x:1"], {}, window), FindReplaceDialog(window.datasets, window),
                   getting_started(window), ImportJobsDialog(window.providers, "openai", window),
                   DistillDialog(window.providers, "openai", "ft:gpt-4o-mini-2024-07-18:acme:support:AbC1", None, [],
                                 window)]
        for dialog in dialogs:
            dialog.show()
            seen += _visible_texts(dialog)
            if isinstance(dialog, PreferencesDialog):
                dialog.pages.setCurrentIndex(1)
                seen += _visible_texts(dialog)
            dialog.close()
        assert len(seen) > 300  # it really looked at the whole interface
        english = [(where, text) for where, text in seen if _english_words(text)]
        assert not english, "shown in English in the Chinese interface:\n" + "\n".join(
            f"{where}: {text[:100]!r}" for where, text in english)
        assert window.tabs.tabText(0) == "数据集(&D)"
        window.datasets.forget_unsaved()
        window.datasets.ctl.undo.setClean()
    finally:
        i18n.install(qapp, "en")
    assert QCoreApplication.translate("", "&Datasets") == "&Datasets"

"""The interface's languages: English (the source) and Simplified Chinese.

Every string a user sees goes through ``tr()``; `pyside6-lupdate` finds those calls and
writes ``resources/i18n/tunedesk_*.ts``, translators fill them in (Qt Linguist, or any
editor), and `pyside6-lrelease` compiles the ``.qm`` files the app loads (see
DEVELOPERS.md, "Translations"). Counts use Qt's plural forms: ``tr("%n job(s)", None, 3)``
gives "3 jobs" in English (from ``tunedesk_en.qm``, which holds only plural forms) and
"3 个任务" in Chinese.

One translation context (the empty one) serves the whole interface, so the same words
are translated the same way everywhere; a ``disambiguation`` tells apart the rare
English word that needs two translations.

Text kept in a module-level constant is marked with ``QT_TR_NOOP()`` (lupdate finds it) and
translated where it is shown with ``tr(CONSTANT)``: at import time no language is chosen.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from core import paths

log = logging.getLogger("tunedesk.i18n")



def QT_TR_NOOP(text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks text for translation without translating it yet (see the module's notes)."""
    return text


LANGUAGES = {"": QT_TR_NOOP("System language"), "en": "English", "zh_CN": "简体中文"}  # setting -> name shown


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """The text in the interface's language; ``%n`` in it becomes ``n``, with the plural
    form the language needs."""
    return QCoreApplication.translate("", text, disambiguation, n)


def resolve(setting: str) -> str:
    """The language to use: the setting, or the system's when it is empty ('en' or 'zh_CN')."""
    if setting in LANGUAGES and setting:
        return setting
    system = QLocale.system()
    if system.language() == QLocale.Language.Chinese:
        traditional = system.script() == QLocale.Script.TraditionalChineseScript or system.territory() in (
            QLocale.Country.Taiwan, QLocale.Country.HongKong, QLocale.Country.Macau)
        return "en" if traditional else "zh_CN"  # no Traditional Chinese yet: English, not Simplified
    return "en"


def install(app: QCoreApplication, setting: str = "") -> str:
    """Load the translations for the chosen language into ``app``; the language used."""
    language = resolve(setting)
    for old in getattr(app, "_tunedesk_translators", []):
        app.removeTranslator(old)
    loaded: list[QTranslator] = []
    folder = str(paths.resource("i18n"))
    ours = QTranslator(app)
    if ours.load(f"tunedesk_{language}", folder):
        loaded.append(ours)
    else:
        log.warning("no translations for %s in %s", language, folder)
    if language != "en":  # Qt's own words: the buttons of message boxes, the context menus of text fields
        qt = QTranslator(app)
        if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            loaded.append(qt)
    for translator in loaded:
        app.installTranslator(translator)
    app._tunedesk_translators = loaded  # type: ignore[attr-defined]
    return language


def shown(value: Any) -> Any:
    """Core's text (``core.i18n.tr``) in the interface's language; anything else as it is."""
    from core.i18n import Joined, Text

    if isinstance(value, Joined):
        return shown(value.sep).join(shown(part) for part in value.parts)
    if isinstance(value, Text):
        text = tr(value.template, None, value.n)
        if not value.params:
            return text
        return text.format(**{k: shown(v) for k, v in value.params.items()})
    return value


def shown_error(exc: BaseException) -> str:
    """An exception's message in the interface's language (core raises with core.i18n.tr texts)."""
    return str(shown(exc.args[0])) if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)


def describe(exc: BaseException, provider: Any = None, retry_in: float | None = None) -> str:
    """core.providers.client.describe, in the interface's language."""
    from core.providers.client import describe as describe_in_english

    return str(shown(describe_in_english(exc, provider, retry_in)))


# The names of the built-in presets (resources/presets.json), for lupdate; tests check the list.
BUILTIN_PRESETS = (QT_TR_NOOP("Plain"), QT_TR_NOOP("Concise assistant"), QT_TR_NOOP("JSON answers"),
                   QT_TR_NOOP("Support agent"))


def preset_name(preset: Any) -> str:
    """A preset as the preset lists show it: a built-in one in the interface's language."""
    return tr(preset.name) if preset.builtin else tr("{name} (yours)").format(name=preset.name)

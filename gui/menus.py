"""The main window's menus: File, Edit, Dataset, Train and Help, each action calling the
window or the tab that does the work (the menus hold no logic of their own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from core.datasets.model import Kind

from .i18n import shown, tr


class Menus(QObject):
    def __init__(self, window: Any) -> None:  # the MainWindow (which imports this module)
        super().__init__(window)
        self.window = window
        self.build()

    def action(self, text: str, slot, shortcut=None, menu=None, owner=None) -> QAction:
        """``owner``: a menu filled each time it opens owns its actions (clear() deletes them)."""
        action = QAction(text, owner or self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        return action

    def build(self) -> None:
        w = self.window
        bar = w.menuBar()
        file = bar.addMenu(tr("&File"))
        self.action(tr("&New Dataset"), w.new_dataset, QKeySequence.StandardKey.New, file)
        self.action(tr("&Open…"), w.open_dialog, QKeySequence.StandardKey.Open, file)
        self.recent_menu = file.addMenu(tr("Open &Recent"))
        self.action(tr("Import &Documents…"), w.import_documents, None, file)
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        file.addSeparator()
        self.action(tr("&Save"), w.save, QKeySequence.StandardKey.Save, file)
        self.action(tr("Save &As…"), w.save_as, QKeySequence.StandardKey.SaveAs, file)
        file.addSeparator()
        quit_action = self.action(tr("&Quit"), w.close, QKeySequence.StandardKey.Quit, file)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        if quit_action.shortcut().isEmpty():  # some desktops (and offscreen) define none
            quit_action.setShortcut(QKeySequence("Ctrl+Q"))

        edit = bar.addMenu(tr("&Edit"))
        self.undo_action = self.action(tr("&Undo"), lambda: w._undo_stack().undo(), QKeySequence.StandardKey.Undo, edit)
        self.redo_action = self.action(tr("&Redo"), lambda: w._undo_stack().redo(), QKeySequence.StandardKey.Redo, edit)
        group = w.datasets.undo_group
        self.undo_action.setEnabled(group.canUndo())
        self.redo_action.setEnabled(group.canRedo())
        group.canUndoChanged.connect(self.undo_action.setEnabled)
        group.canRedoChanged.connect(self.redo_action.setEnabled)
        group.undoTextChanged.connect(lambda t: self.undo_action.setText(tr("&Undo {action}").format(action=t) if t else tr("&Undo")))
        group.redoTextChanged.connect(lambda t: self.redo_action.setText(tr("&Redo {action}").format(action=t) if t else tr("&Redo")))
        edit.addSeparator()
        self.action(tr("&Find…"), w.datasets.focus_filter, QKeySequence.StandardKey.Find, edit)
        # The platform's Replace key, or Ctrl+H where it has none (Linux desktops, offscreen).
        replace_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Replace)
        self.replace_action = self.action(tr("R&eplace…"), w.find_replace,
                                         replace_keys[0] if replace_keys else QKeySequence("Ctrl+H"), edit)
        edit.addSeparator()
        self.action(tr("&Add Example"), w.datasets.add_example, QKeySequence("Ctrl+Shift+N"), edit)
        self.action(tr("D&uplicate Example"), w.datasets.duplicate_selected, QKeySequence("Ctrl+D"), edit)
        self.action(tr("&Delete Examples"), w.datasets.delete_selected, QKeySequence("Ctrl+Del"), edit)
        edit.addSeparator()
        prefs = self.action(tr("&Preferences…"), w.preferences, QKeySequence.StandardKey.Preferences, edit)
        prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        if prefs.shortcut().isEmpty():  # Linux and Windows have no standard key for it
            prefs.setShortcut(QKeySequence("Ctrl+,"))

        data = bar.addMenu(tr("Data&set"))
        self.action(tr("&Generate Examples…"), w.generate_examples, None, data)
        self.action(tr("Set &System Prompt…"), w.set_system_prompt, None, data)
        self.fixes_menu = data.addMenu(tr("Apply Suggested &Fixes"))
        self.fixes_menu.aboutToShow.connect(self.fill_fixes)
        data.addSeparator()
        self.action(tr("Convert to &Conversations"), lambda: w.datasets.convert(Kind.CHAT), None, data)
        self.action(tr("Convert to &Prompt/Completion"), lambda: w.datasets.convert(Kind.COMPLETION), None, data)
        data.addSeparator()
        self.action(tr("Remove &Duplicates"), w.datasets.deduplicate, None, data)
        self.action(tr("S&huffle"), lambda: w.datasets.shuffle(), None, data)
        self.action(tr("Split Off &Validation Set…"), w.split_validation, None, data)

        train = bar.addMenu(tr("&Train"))
        self.action(tr("&New Job…"), w.new_job, QKeySequence("Ctrl+T"), train)
        self.action(tr("&Refresh Jobs"), w.train.follower.poll_now, QKeySequence.StandardKey.Refresh, train)
        self.action(tr("&Cancel Job"), w.train.cancel_selected, None, train)
        train.addSeparator()
        self.action(tr("&Import from OpenAI…"), lambda: w.leaving.import_jobs("openai"), None, train)
        train.addSeparator()
        self.action(tr("&Providers…"), lambda: w.preferences("providers"), None, train)

        help_menu = bar.addMenu(tr("&Help"))
        self.action(tr("Getting &Started"), w.help.getting_started, QKeySequence.StandardKey.HelpContents, help_menu)
        self.action(tr("&Keyboard Shortcuts"), w.help.keyboard_shortcuts, QKeySequence("Ctrl+/"), help_menu)
        help_menu.addSeparator()
        self.action(tr("Open &Data Folder"), lambda: w.help.open_folder("data"), None, help_menu)
        self.action(tr("Open &Log Folder"), lambda: w.help.open_folder("logs"), None, help_menu)
        self.action(tr("&Copy System Information"), w.help.copy_system_info, None, help_menu)
        help_menu.addSeparator()
        about = self.action(tr("&About TuneDesk"), w.help.about, None, help_menu)
        about.setMenuRole(QAction.MenuRole.AboutRole)

    def fill_fixes(self) -> None:
        w = self.window
        self.fixes_menu.clear()
        fixes = w.datasets.available_fixes()
        if not fixes:
            self.fixes_menu.addAction(tr("No suggested fixes")).setEnabled(False)
            return
        self.action(tr("&All %n Fix(es)", None, len(fixes)), lambda: w.datasets.apply_fixes(), None, self.fixes_menu,
                    self.fixes_menu)
        self.fixes_menu.addSeparator()
        for code, fix in fixes:
            self.action(shown(fix.description)[:1].upper() + shown(fix.description)[1:],
                        lambda _=False, c=code: w.datasets.apply_fixes([c]), None, self.fixes_menu, self.fixes_menu)

    def fill_recent(self) -> None:
        w = self.window
        self.recent_menu.clear()
        recent = [p for p in w.settings.recent_files if Path(p).exists()]
        for i, path in enumerate(recent):
            self.action(f"&{i + 1} {Path(path).name}", lambda _=False, p=path: w.open_path(p), None, self.recent_menu,
                        self.recent_menu)
        if not recent:
            self.recent_menu.addAction(tr("No recent files")).setEnabled(False)

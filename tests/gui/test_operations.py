"""Operations on a dataset too large to change on the UI thread (over SYNC_OPS examples):
they run off it and land as one undoable step; an edit made meanwhile is not lost (the
operation runs again on it); deleting thousands of rows and undoing it swap states; an
operation that fails is logged and said in the status bar."""

from __future__ import annotations

import threading

from core.datasets import transforms
from gui.datasets.controller import SYNC_OPS

from .test_dataset_actions import open_window
from .test_datasets_tab import write

N = SYNC_OPS + 1000
ROWS = [{"messages": [{"role": "user", "content": f"Where is my refund {i}?"},
                      {"role": "assistant", "content": f"Refund {i} is on its way."}]} for i in range(N)]


def data(tab) -> list:
    return [e.data for e in tab.ctl.doc.examples]


def test_replace_all_runs_off_the_ui_thread_and_is_one_undo_step(qtbot, tmp_path, monkeypatch):
    window = open_window(qtbot, monkeypatch, write(tmp_path / "big.jsonl", ROWS))
    tab = window.datasets
    original = data(tab)
    done = []
    tab.ctl.operation_done.connect(done.append)
    assert tab.replace_all("refund", "return") is None  # too large to do at once: it is working
    assert window.statusBar().currentMessage().startswith("Working on") and "examples" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert done[0].count == 2 * N and tab.ctl.undo.count() == 1
    assert tab.ctl.undo.undoText() == f"Replace {2 * N:,} × “refund”"
    assert tab.ctl.doc.examples[7].data["messages"][0]["content"] == "Where is my return 7?"
    assert window.statusBar().currentMessage() == f"Replace {2 * N:,} × “refund”"
    tab.ctl.undo.undo()
    assert data(tab) == original

    # what a slow operation finds changed when it is done, it does again
    release = threading.Event()
    real = transforms.deduplicate

    def slow(examples):
        release.wait(30)
        return real(examples)

    monkeypatch.setattr(transforms, "deduplicate", slow)
    done.clear()
    assert tab.deduplicate() is None
    tab.ctl.edit(3, dict(ROWS[4]))  # row 3 becomes a copy of row 4 (compact, not as the file spells it) meanwhile
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    assert done[0].count == 1 and len(tab.ctl.doc) == N - 1  # the edit was seen: one duplicate went
    assert tab.ctl.undo.count() == 2  # the edit, then the operation
    tab.ctl.undo.undo()
    tab.ctl.undo.undo()
    assert data(tab) == original


def test_deleting_thousands_of_rows_and_undoing_swaps_states(qtbot, tmp_path, monkeypatch):
    rows = ROWS[:N - 10] + [{"messages": [{"role": "user", "content": "no answer"}]}] * 10  # ten errors at the end
    window = open_window(qtbot, monkeypatch, write(tmp_path / "big.jsonl", rows))
    tab = window.datasets
    original, problems = data(tab), tab.ctl.doc.all_diagnostics()
    tab.ctl.delete(list(range(100, 3100)))
    assert len(tab.ctl.doc) == N - 3000 and data(tab)[100] == rows[3100]
    errors = [d for d in tab.ctl.doc.all_diagnostics() if d.index is not None and d.severity.name == "ERROR"]
    assert {d.index for d in errors} == set(range(N - 3010, N - 3000))  # the problems moved with their rows
    tab.ctl.undo.undo()
    assert data(tab) == original and tab.ctl.doc.all_diagnostics() == problems


def test_an_operation_that_fails_is_said_and_logged(qtbot, tmp_path, monkeypatch):
    window = open_window(qtbot, monkeypatch, write(tmp_path / "big.jsonl", ROWS))
    tab = window.datasets

    def broken(examples, seed=None):
        raise RuntimeError("the shuffle broke")

    monkeypatch.setattr(transforms, "shuffle", broken)
    tab.shuffle()
    qtbot.waitUntil(lambda: window.failures.button.isVisible(), timeout=30_000)
    assert window.statusBar().currentMessage() == "Changing the examples failed: the shuffle broke"
    assert tab.ctl.undo.count() == 0 and not tab.ctl.running


def test_an_undone_operation_is_freed_bit_by_bit_and_the_dataset_is_left_whole(qtbot, tmp_path, monkeypatch):
    """The next edit deletes an undone operation's command, whose state is a whole other
    version of the dataset: it goes to the trash, emptied a slice at a time between
    events, and nothing anyone still holds goes with it (the document has its own lists)."""
    window = open_window(qtbot, monkeypatch, write(tmp_path / "big.jsonl", ROWS))
    tab = window.datasets
    original = data(tab)
    done = []
    tab.ctl.operation_done.connect(done.append)
    tab.replace_all("refund", "return")
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    tab.ctl.undo.undo()
    before = tab.ctl.undo.command(0).before  # the version on screen now, held here too
    tab.ctl.edit(0, {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]})
    assert tab.ctl.undo.count() == 1 and not tab.ctl.trash.empty  # the undone replace went to the trash
    qtbot.waitUntil(lambda: tab.ctl.trash.empty, timeout=10_000)
    assert len(before.examples) == N and len(before.counts) == N  # held elsewhere: let go of, not emptied
    assert data(tab)[1:] == original[1:] and len(tab.ctl.doc.counts) == N
    tab.ctl.undo.undo()
    assert data(tab) == original

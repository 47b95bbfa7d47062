"""Guard: PySide must not drop references to None (or True/False) on the Qt calls the app makes.

PySide6/shiboken6 6.12.0 drop one reference to None on every Qt call that returns
nothing. On Python 3.11, where None is mortal, the count reaches zero after a few
hundred typed characters and the interpreter aborts ("Fatal Python error:
none_dealloc"). pyproject.toml keeps 6.12 off Python < 3.12; this test is what
tells us when a release may be let in, and catches the next release with the
same class of bug in CI instead of in a nurse's hands.

Two checks:

- **Each call, exactly.** Every kind of Qt call on the app's hot paths (setting
  text, switching views, resetting the results model, a model's ``data()``
  returning None to C++, painting the results, signals, timers, actions) is
  made 200 times; the counts of None, True and False must not move at all.
- **The whole paths, never down.** The real window, driven by keys: typing in the
  search box with each key's results painted, opening a result and going back, a
  flowchart walk, filtering the help list. After a warm-up, the count of None must
  not fall over a round. (It may rise: PySide 6.11 leaks 3–8 references to None
  each time a QTextDocument lays itself out — harmless, None is never freed — so
  "no change" is asserted only on the single calls above, where it holds.)

Where None is immortal (PEP 683, Python 3.12+) its count never moves and a
dropped reference cannot free it: the module is skipped there.
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QStackedWidget, QWidget

from working_day import QUERIES, Worker
from windows import open_window_as_the_app_does, settings_store

CALLS = 200
# A cushion of references to None (and True, False): on a faulty PySide the counts fall by thousands
# over this module, and without it the interpreter would abort part-way ("none_dealloc") instead of
# reporting each failure. The drift is measured as a difference, so the cushion hides nothing.
_CUSHION = [None, True, False] * 200_000


def _none_is_immortal() -> bool:
    before = sys.getrefcount(None)
    holders = [None] * 100
    immortal = sys.getrefcount(None) == before
    del holders
    return immortal


pytestmark = pytest.mark.skipif(_none_is_immortal(), reason="None is immortal here (PEP 683): a dropped reference cannot free it")


def counts() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def drift(action, times: int) -> tuple[int, int, int]:
    action()  # warm-up: first-call caches are not drift
    action()
    before = counts()
    for _ in range(times):
        action()
    after = counts()
    return tuple(a - b for a, b in zip(after, before))


class _Model(QAbstractListModel):
    """Like the results model: data() returns None to C++ for roles it does not serve."""

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return "rad" if role == Qt.ItemDataRole.DisplayRole else None


class _Emitter(QObject):
    fired = Signal(object)


def _single_calls():
    """name → (setup() -> action) for each kind of call the hot paths make."""

    def line_edit():
        edit = QLineEdit()
        return lambda: edit.setText("slår")

    def label():
        widget = QLabel()
        return lambda: widget.setText("5 treff for «slår»")

    def object_name():
        obj = QObject()
        return lambda: obj.setObjectName("x")

    def visibility():
        widget = QWidget()
        return lambda: (widget.setVisible(False), widget.isHidden())

    def stacked():
        stack = QStackedWidget()
        first, second = QWidget(stack), QWidget(stack)
        stack.addWidget(first)
        stack.addWidget(second)
        return lambda: (stack.setCurrentWidget(second), stack.setCurrentWidget(first))

    def model_reset():
        model = _Model()
        return lambda: (model.beginResetModel(), model.endResetModel())

    def data_returns_none():
        model = _Model()
        return lambda: model.index(0, 0).data(Qt.ItemDataRole.UserRole + 7)

    def current_index():
        view = QListView()
        model = _Model(view)
        view.setModel(model)
        return lambda: (view.setCurrentIndex(model.index(1, 0)), view.setCurrentIndex(model.index(0, 0)))

    def painting():
        view = QListView()
        view.setModel(_Model(view))
        view.resize(200, 120)
        view.show()
        return lambda: view.viewport().repaint()

    def signal():
        emitter = _Emitter()
        emitter.fired.connect(lambda _value: None)
        return lambda: emitter.fired.emit(None)

    def timer():
        t = QTimer()
        t.setSingleShot(True)
        return lambda: (t.start(0), t.stop())

    def action():
        a = QAction("Søk")
        return lambda: (a.setEnabled(False), a.setEnabled(True), a.isEnabled())

    def font():
        widget = QWidget()
        f = QFont()
        return lambda: (f.setPointSizeF(12.5), widget.setFont(f))

    def focus():
        edit = QLineEdit()
        return lambda: (edit.setFocus(Qt.FocusReason.OtherFocusReason), edit.selectAll(), edit.hasSelectedText())

    return {name: fn for name, fn in locals().items() if callable(fn)}


SINGLE_CALLS = _single_calls()


@pytest.mark.parametrize("name", sorted(SINGLE_CALLS))
def test_single_qt_calls_leave_none_true_false_alone(qapp, name):
    keep = SINGLE_CALLS[name]()  # holds the widgets alive while they are called
    moved = drift(keep, CALLS)
    assert moved == (0, 0, 0), f"{name}: references to (None, True, False) moved by {moved} over {CALLS} calls"


@pytest.fixture
def window(qtbot, tmp_path):
    return open_window_as_the_app_does(qtbot, settings_store(tmp_path))


def _worker(qtbot, window) -> Worker:
    def wait_until(predicate, what):
        try:
            qtbot.waitUntil(predicate, timeout=15_000)
        except qtbot.TimeoutError:
            raise AssertionError(f"not responsive: {what}") from None

    return Worker(window, wait_until)


HOT_PATHS = {
    "typing and results painted": lambda w: [w.search(q, t) for q, t in QUERIES[:3]],
    "open a result and go back": lambda w: (w.search("politiet"), w.open_result_and_go_back(), w.open_result_and_go_back()),
    "flowchart walk": lambda w: (w.walk_flowchart(), w.walk_flowchart()),
    "help list filter": lambda w: (w.filter_help_list("barn"), w.filter_help_list("xyzzy")),
}


@pytest.mark.parametrize("path", list(HOT_PATHS))
def test_hot_paths_of_the_window_never_drop_references_to_none(qtbot, window, path):
    worker = _worker(qtbot, window)
    run = HOT_PATHS[path]
    run(worker)  # warm-up: the first search builds caches, the first page renders
    before = counts()
    for _ in range(3):
        run(worker)
    after = counts()
    dropped = [(name, b - a) for name, b, a in zip(("None", "True", "False"), before, after) if a < b]
    assert dropped == [], f"{path}: references dropped over 3 rounds: {dropped}"

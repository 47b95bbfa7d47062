"""A home-care worker's day with the reader, driven through keys and what is on the screen.

Shared by ``test_working_day.py`` (behaviour, memory), ``test_refcount_guard.py``
(references to None on the same paths) and ``benchmarks/working_day.py`` (RSS and
per-keystroke time). The worker is found by what she sees and presses: the key
that focuses the search box, the list named «Søkeresultater», the F2/F4 keys,
Esc Esc for quick hide and the one button the neutral screen shows, Ctrl+plus
for zoom, the mouse's back button. Internals of the window are not touched, so
the session survives the window's rooms being rebuilt.

The queries are this file's own: what a worker types on a visit or after one,
in everyday words, with the typos and corrections of a tired thumb.
"""

from __future__ import annotations

import ctypes
import os
import random
import sys
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NO_MOD = Qt.KeyboardModifier.NoModifier
WAIT_MS = 15_000  # "not responsive": nothing on screen changed this long after a key

# (query, typo): typo is typed first at that position, then erased with Backspace, as people do.
QUERIES: list[tuple[str, str]] = [
    ("hun har blåmerker på armene", ""),
    ("mannen hennes slår henne", ""),
    ("tall fra politiet", ""),
    ("gutten sier at pappa slår mamma", ""),
    ("hvem ringer jeg om natten", ""),
    ("eldre mann blir truet av sønnen", ""),
    ("datteren tar pensjonen hans", ""),
    ("meldeplikt barnevernet", "meldeplit"),
    ("jeg er redd for min egen sikkerhet", ""),
    ("hun vil ikke at jeg sier det til noen", ""),
    ("taushetsplikt og opplysningsplikt", ""),
    ("politiet", ""),
    ("han får ikke gå ut av huset", ""),
    ("psykisk vold", ""),
    ("barnevernvakten nummer", ""),
    ("hun sier hun falt i trappa men det ser ut som slag", ""),
    ("tvangsekteskap", ""),
    ("kjønnslemlestelse", "kjønslem"),
    ("avvergingsplikt", ""),
    ("sønnen kontrollerer telefonen hennes", ""),
    ("økonomisk vold eldre", ""),
    ("legevakt", ""),
    ("seksuelle overgrep mot barn", ""),
    ("barn som ser vold hjemme", ""),
    ("hvor kan hun sove i natt", ""),
    ("jeg mistenker vold men er ikke sikker", ""),
    ("hvordan snakke med brukeren om vold", ""),
    ("pleietrengende blir ikke stelt", ""),
    ("omsorgssvikt", ""),
    ("trusler på sms", ""),
    ("menn utsatt for vold", ""),
    ("vold i svangerskapet", ""),
    ("rus og vold i familien", ""),
    ("hun har skjult adresse", ""),
    ("besøksforbud", "besøksfor"),
    ("voldsalarm", ""),
    ("hva sier planen om opplæring av ansatte", ""),
    ("krisesenter telefon", "krisesentr"),
    ("æresrelatert vold", ""),
    ("deling av nakenbilder", ""),
    ("familievernkontoret", ""),
    ("sinnemestring for den som slår", ""),
    ("overgrep på sykehjem", ""),
    ("han holder igjen medisinene hennes", ""),
    ("incest", ""),
    ("hun vil ikke anmelde", ""),
    ("akutt fare", ""),
    ("dokumentere skader", ""),
    ("tolk til samtalen", ""),
    ("barnet er redd for å dra hjem", ""),
    ("kona blir holdt innestengt", ""),
    ("hvem har ansvar i kommunen", ""),
    ("fastlegen", ""),
    ("vold mot eldre", ""),
    ("skolen melder bekymring", ""),
    ("hun ble dyttet og slått i hodet", ""),
    ("mobbing eller vold", ""),
    ("tiltak i planen", ""),
    ("familien truer henne med å sende henne ut av landet", ""),
    ("hjelp til den som utøver vold", ""),
]

HELP_FILTERS = ["politi", "barn", "natt", "krise", "eldre", "xyzzy"]


def rss_bytes() -> int:
    """This process's resident memory now (Linux, Windows); the peak where only that is known (macOS)."""
    if os.path.exists("/proc/self/statm"):
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    if sys.platform == "win32":
        class Counters(ctypes.Structure):
            _fields_ = [("cb", ctypes.c_ulong), ("PageFaultCount", ctypes.c_ulong)] + [
                (name, ctypes.c_size_t) for name in ("PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage",
                                                      "QuotaPagedPoolUsage", "QuotaPeakNonPagedPoolUsage",
                                                      "QuotaNonPagedPoolUsage", "PagefileUsage", "PeakPagefileUsage")]
        counters = Counters()
        counters.cb = ctypes.sizeof(counters)
        process = ctypes.windll.kernel32.GetCurrentProcess()
        ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb)
        return counters.WorkingSetSize
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class PaintWatch(QObject):
    """Watches one widget's paint events: when the last came (perf_counter) and what ``probe()`` said then."""

    def __init__(self, widget, probe) -> None:
        super().__init__(widget)
        self.probe = probe
        self.seen = ""
        self.last = 0.0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen = self.probe()
            self.last = time.perf_counter()
        return False


@dataclass
class Stats:
    """What the session did, and what it measured."""

    characters: int = 0
    queries: int = 0
    opened: int = 0
    flow_steps: int = 0
    help_filters: int = 0
    hides: int = 0
    zooms: int = 0
    key_ms: list[float] = field(default_factory=list)  # typing one key → its results painted
    rss: list[int] = field(default_factory=list)  # after each round


class Worker:
    """Drives a shown main window as a person does.

    Args:
        window: the main window, shown, its content loaded and its search ready.
        wait_until: ``wait_until(predicate, what)`` processes events until predicate() is true, or fails
            naming ``what`` (the tests pass qtbot's waitUntil; the benchmark a plain event loop).
        on_query: called after each finished query (the tests check memory and references there).
    """

    def __init__(self, window, wait_until, on_query=None, seed: int = 7) -> None:
        self.window = window
        self.wait_until = wait_until
        self.on_query = on_query or (lambda: None)
        self.random = random.Random(seed)
        self.stats = Stats()
        self._results_paints: PaintWatch | None = None

    # -- what is on the screen -------------------------------------------------------

    def focus(self):
        return QApplication.focusWidget() or self.window

    def visible(self, kind):
        return [w for w in self.window.findChildren(kind) if w.isVisible()]

    def results_list(self) -> QAbstractItemView:
        lists = [v for v in self.window.findChildren(QAbstractItemView) if v.accessibleName() == "Søkeresultater"]
        assert len(lists) == 1, "the window has one list named «Søkeresultater»"
        return lists[0]

    def results_heading(self) -> str:
        """The texts beside the results list (its heading names the query: «…»)."""
        panel = self.results_list().parentWidget()
        return "\n".join(label.text() for label in panel.findChildren(QLabel) if label.isVisible())

    def visible_text(self) -> str:
        """Every text a person can read in the window now (labels, buttons, fields, pages)."""
        parts = []
        for w in self.window.findChildren(QObject):
            if not getattr(w, "isVisible", lambda: False)():
                continue
            if isinstance(w, QTextBrowser):
                parts.append(w.toPlainText())
            elif hasattr(w, "text") and callable(w.text):
                try:
                    parts.append(str(w.text()))
                except TypeError:
                    pass
        return "\n".join(parts)

    # -- keys ----------------------------------------------------------------------------

    def press(self, key, modifiers=NO_MOD) -> None:
        QApplication.sendPostedEvents()
        from PySide6.QtTest import QTest

        QTest.keyClick(self.focus(), key, modifiers)

    def search_box(self) -> QLineEdit:
        self.press(Qt.Key.Key_K, CTRL)
        box = QApplication.focusWidget()
        assert isinstance(box, QLineEdit) and box.isVisible(), f"Ctrl+K focused {box!r}, not a search field"
        return box

    def type_key(self, box: QLineEdit, char: str | None) -> None:
        """One key (a character, or Backspace when None); waits until the results for the new text are painted."""
        from PySide6.QtTest import QTest

        view = self.results_list()
        if self._results_paints is None:
            self._results_paints = PaintWatch(view.viewport(), self.results_heading)
        paints = self._results_paints
        paints.seen = ""
        started = time.perf_counter()
        if char is None:
            QTest.keyClick(box, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(box, char)
        if box.text().strip():
            wanted = f"«{box.text()}»"
            self.wait_until(lambda: wanted in paints.seen, f"results for {wanted} painted")
            self.stats.key_ms.append((paints.last - started) * 1000)
        else:
            self.wait_until(lambda: not view.isVisible(), "the results list closes when the search box is empty")
        self.stats.characters += 1

    def search(self, query: str, typo: str = "") -> None:
        box = self.search_box()
        box.selectAll()
        if box.text():
            self.press(Qt.Key.Key_Backspace)
        assert box.text() == ""
        if typo:
            common = len(os.path.commonprefix([typo, query]))
            for char in typo:
                self.type_key(box, char)
            for _ in range(len(typo) - common):
                self.type_key(box, None)
            rest = query[common:]
        else:
            rest = query
        for char in rest:
            self.type_key(box, char)
        assert box.text() == query
        assert self.results_list().isVisible()
        self.stats.queries += 1
        self.on_query()

    def open_result_and_go_back(self) -> None:
        """Arrow down to a result, Enter, read, then the mouse's back button."""
        view = self.results_list()
        if view.model().rowCount() == 0:
            return
        for _ in range(self.random.randrange(min(3, view.model().rowCount()))):
            self.press(Qt.Key.Key_Down)
        self.press(Qt.Key.Key_Return)
        self.wait_until(lambda: not view.isVisible(), "Enter opened the result")
        for browser in self.visible(QTextBrowser):
            browser.verticalScrollBar().setValue(browser.verticalScrollBar().maximum() // 2)  # reading on
        self.stats.opened += 1
        from PySide6.QtTest import QTest

        QTest.mouseClick(self.focus(), Qt.MouseButton.BackButton)
        QApplication.processEvents()

    def walk_flowchart(self) -> None:
        """F2, then answers by number keys and Enter, as far as the path goes; Home starts over."""
        self.press(Qt.Key.Key_F2)
        self.wait_until(lambda: isinstance(QApplication.focusWidget(), QAbstractButton), "F2 puts the focus on an answer")
        for _ in range(self.random.randrange(3, 8)):
            key = self.random.choice([Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_Return])
            self.press(key)
            self.stats.flow_steps += 1
        self.press(Qt.Key.Key_Home)
        self.press(Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)  # the start page

    def filter_help_list(self, words: str) -> None:
        """F4, type a filter, see fewer contacts, clear it, see them all again."""
        self.press(Qt.Key.Key_F4)
        field = QApplication.focusWidget()
        if not isinstance(field, QLineEdit):  # the list may open with a number focused: Ctrl+F finds the filter
            self.press(Qt.Key.Key_F, CTRL)
            field = QApplication.focusWidget()
        assert isinstance(field, QLineEdit), f"F4 then Ctrl+F focused {field!r}"
        everyone = len(self.visible(QPushButton))
        from PySide6.QtTest import QTest

        for char in words:
            QTest.keyClicks(field, char)
            QApplication.processEvents()
        if words == "xyzzy":  # matches no contact
            self.wait_until(lambda: len(self.visible(QPushButton)) < everyone, f"the help list filtered by «{words}»")
        assert len(self.visible(QPushButton)) <= everyone
        field.selectAll()
        QTest.keyClick(field, Qt.Key.Key_Backspace)
        self.wait_until(lambda: len(self.visible(QPushButton)) == everyone, "the whole help list is back")
        self.stats.help_filters += 1

    def quick_hide_and_restore(self, by_escape: bool) -> None:
        """Esc Esc (or Ctrl+Shift+H): a neutral screen with one button; that button brings the reader back."""
        if by_escape:
            self.press(Qt.Key.Key_Escape)
            self.press(Qt.Key.Key_Escape)
        else:
            self.press(Qt.Key.Key_H, CTRL | SHIFT)
        self.wait_until(lambda: len(self.visible(QAbstractButton)) == 1, "the neutral screen shows one button")
        hidden_text = self.visible_text()
        for query, _typo in QUERIES:
            assert query not in hidden_text, "the neutral screen shows nothing of the session"
        self.visible(QAbstractButton)[0].click()
        self.wait_until(lambda: len(self.visible(QAbstractButton)) > 1, "the reader is back")
        self.stats.hides += 1

    def zoom(self) -> None:
        for key in (Qt.Key.Key_Plus, Qt.Key.Key_Plus, Qt.Key.Key_Minus):
            self.press(key, CTRL)
            self.stats.zooms += 1
        if self.random.random() < 0.5:
            self.press(Qt.Key.Key_0, CTRL)
            self.stats.zooms += 1

    # -- the day ---------------------------------------------------------------------------

    def round(self, queries: list[tuple[str, str]], number: int) -> None:
        """One stretch of the day: searches, reading, the flowchart, the help list, hides, zoom."""
        for i, (query, typo) in enumerate(queries):
            self.search(query, typo)
            if i % 2 == 0:
                self.open_result_and_go_back()
            if i % 5 == 1:
                self.walk_flowchart()
            if i % 5 == 3:
                self.filter_help_list(HELP_FILTERS[(number + i) % len(HELP_FILTERS)])
            if i % 7 == 6:
                self.quick_hide_and_restore(by_escape=(i + number) % 2 == 0)
            if i % 6 == 4:
                self.zoom()
        self.press(Qt.Key.Key_0, CTRL)
        assert self.window.isVisible()
        self.stats.rss.append(rss_bytes())


def rounds(count: int = 4) -> list[list[tuple[str, str]]]:
    """QUERIES in ``count`` rounds of about equal size."""
    size = -(-len(QUERIES) // count)
    return [QUERIES[i:i + size] for i in range(0, len(QUERIES), size)]

"""Start the reader: show the window, make its contents, then do the slow work.

Order matters for the first impression. The window's frame is shown first – its title, its size
and the system's background, with nothing imported for it but ``QMainWindow`` (``show_frame``) –
so the click that started the app is answered at once. Once the frame has been painted its
contents are made (``create_window``: the theme, the tool bar, the start page; text typed
meanwhile goes to the search field), and once those have been painted the content is loaded and
the search index opened in worker threads. ``run(args)`` returns the exit code;
``--smoke-test`` drives one short session (search, open a page, open the help list) and exits 0,
or non-zero on any error or Qt warning.
"""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path



def validate_content(path) -> tuple[object | None, list[str]]:
    """Load a content folder with the checks of ``handbook check``.

    Returns:
        (handbook, []) when the folder is good, (None, problems) otherwise.
    """
    from handbook import paths
    from handbook.content import ContentError, load_handbook
    from handbook.content.errors import printable

    folder = Path(path) if path else paths.default_content_dir()
    if not folder.is_dir():
        return None, [printable(f"{folder}: mappen finnes ikke.")]
    try:
        return load_handbook(folder), []
    except ContentError as exc:
        return None, [str(p) for p in exc.problems]
    except BaseException as exc:  # noqa: BLE001 - never an English exception text, never an empty window
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        traceback.print_exc()  # for a developer; the user reads the Norwegian line
        return None, [printable(f"{folder}: innholdet kunne ikke leses på grunn av en feil i programmet. Meld fra om feilen.")]


def content_choice(settings, explicit: str | None) -> tuple[str | None, bool]:
    """Which folder to load (GUI thread: it reads the settings): (folder or None, chosen on the command line)."""
    return explicit or settings.get("content_dir") or None, bool(explicit)


def choose_content(override: str | None, explicit: bool, store=None):
    """Load ``override``, else an installed content pack, else the shipped folder. No Qt: runs in a
    worker thread.

    Args:
        store: the content packs' store (``handbook.packs.store``); None: this user's.
    Returns:
        (handbook or None, problems, settings_problems): ``settings_problems`` lists what was wrong
        with a content folder from the settings when the shipped content was used instead.
    """
    if not override:
        from handbook.packs.startup import installed_handbook

        handbook = installed_handbook(store, validate_content)
        if handbook is not None:
            return handbook, [], []
    handbook, problems = validate_content(override)
    settings_problems: list[str] = []
    if handbook is None and override and not explicit:
        settings_problems = problems
        handbook, problems = validate_content(None)
    return handbook, problems, settings_problems


def apply_content(window, search, chosen) -> bool:
    """Show the chosen content in the window (GUI thread) and open its index."""
    from PySide6.QtCore import QCoreApplication

    tr = lambda text: QCoreApplication.translate("app", text)  # noqa: E731
    handbook, problems, settings_problems = chosen
    if settings_problems:
        window.show_banner(tr("Innholdsmappen i innstillingene har feil; det innebygde innholdet brukes.\n")
                           + "\n".join(settings_problems[:5]))
    if handbook is None:
        window.show_banner(tr("Innholdet kunne ikke lastes:\n") + "\n".join(problems[:10]))
        return False
    window.set_handbook(handbook)
    search.open(handbook)
    return True


def load_startup_content(window, search, settings, explicit: str | None, store=None) -> bool:
    """Load and show the start-up content at once (the smoke test and tests use this)."""
    return apply_content(window, search, choose_content(*content_choice(settings, explicit), store=store))


def load_startup_content_in_background(window, search, settings, explicit: str | None) -> None:
    """Read and render the content in a worker thread, then show it: the GUI thread never waits.

    Loading is plain Python (YAML, Markdown) and touches no Qt object; its result is picked up on
    the GUI thread (see :mod:`handbook.ui.background`). A window closed meanwhile gets nothing.
    """
    from handbook.ui.background import Background

    def done(future) -> None:
        try:
            chosen = future.result()
        except Exception:  # noqa: BLE001 - the window must always get an answer
            traceback.print_exception(future.exception())
            chosen = (None, ["Innholdet kunne ikke lastes på grunn av en feil i programmet. Meld fra om feilen."], [])
        loader.deleteLater()
        apply_content(window, search, chosen)

    override, from_command_line = content_choice(settings, explicit)
    loader = Background(window)
    loader.run(lambda: choose_content(override, from_command_line), done, name="content-loader")


def user_settings_store():
    """The user's own settings, under the neutral name (moved there from the old name once)."""
    from handbook import legacy

    return legacy.settings_store()


def create_window(settings_store=None, pack_store=None, window=None):
    """Create the services and the window's contents (the window is not shown here). Tests call this too.

    Args:
        settings_store: a QSettings to use; the user's own settings when None.
        pack_store: the content packs' store (``handbook.packs.store.PackStore``); None: this user's,
            made when first needed.
        window: a :class:`~handbook.ui.main_window.MainWindow` frame, maybe already on the screen
            (``run`` shows it first), to build; None: a new one.
    Returns:
        (window, search controller, settings); the window's ``content_updater`` runs «Oppdater innhold».
    """
    from PySide6.QtWidgets import QApplication

    from handbook.ui.pyside_sources import skip_source_scan

    skip_source_scan()  # before the reader's modules are imported
    from handbook import paths
    from handbook.settings import Settings
    from handbook.ui import app_events, focus_visible, fonts, gui_gc, theme
    from handbook.ui.first_paint import after_first_paint
    from handbook.ui.main_window import MainWindow
    from handbook.ui.search_controller import SearchController

    gui_gc.install(QApplication.instance())  # before any worker thread starts
    fonts.use_point_sizes()
    theme.install(QApplication.instance(), theme.forced_by_environment())
    focus_visible.install(QApplication.instance())
    store = settings_store if settings_store is not None else user_settings_store()
    settings = Settings(store)
    search = SearchController(cache_dir=paths.cache_dir(), shipped_dir=paths.shipped_index_dir())
    if window is None:
        window = MainWindow()
    window.build(settings, search, validate_content)

    def window_painted() -> None:
        app_events.install(QApplication.instance())  # fonts of widgets made from now on; dialogs on the screen
        window.results  # noqa: B018 - made now (a property): her first key needs the results list

    after_first_paint(window.search_box, window_painted)
    search.setParent(window)
    settings.setParent(window)
    from handbook.ui.content_update import ContentUpdater

    window.content_updater = ContentUpdater(
        window, settings, search, store=pack_store,
        reload=lambda store: choose_content(*content_choice(settings, None), store=store))
    return window, search, settings


def app_icon():
    """The app icon in every size (title bar, task bar, Alt+Tab); sizes given, so nothing loads yet."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from handbook import paths

    icon = QIcon()
    for png in (paths.resources_dir() / "icons").glob(f"{paths.APP_NAME}-*.png"):
        side = png.stem.rsplit("-", 1)[1]
        if side.isdigit() and int(side) <= 256:  # X11 sends every size to the server: 512 px is 1 MB
            icon.addFile(str(png), QSize(int(side), int(side)))
    return icon


def show_frame(app):
    """Show the window's frame – title, size, the system's background – at once, before its contents
    are made (see :mod:`handbook.ui.main_window`): the click that started the app is answered."""
    from handbook.ui.main_window import MainWindow

    window = MainWindow()
    screen = app.primaryScreen()
    if screen is not None and screen.availableGeometry().width() <= 1440:
        window.setGeometry(screen.availableGeometry())  # a small laptop: use all of it
        window.showMaximized()
    else:
        window.show()
    return window


def run(args) -> int:
    from PySide6.QtWidgets import QApplication

    from handbook.ui.pyside_sources import skip_source_scan

    skip_source_scan()  # before the reader's modules are imported
    from handbook import paths

    paths.settle_home()  # an unset HOME made Qt write /.config/… (see paths.settle_home)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)  # also the X11 window class: neutral, like every name we leave
    app.setOrganizationName(paths.ORGANIZATION)
    app.setDesktopFileName(paths.APP_NAME)  # resources/handbok.desktop; Wayland's app id
    smoke = bool(getattr(args, "smoke_test", False))
    if smoke:
        from handbook import translations
        from handbook.ui.smoke import SmokeTest

        translations.install(app, paths.resources_dir(), paths.cache_dir())

        checker = SmokeTest(app)
    window = show_frame(app)
    explicit = getattr(args, "content", None)
    from handbook.ui.first_paint import after_first_paint

    def frame_shown() -> None:
        """The frame is on the screen: its contents, then – once they are painted – the slow work."""
        from PySide6.QtCore import QTimer

        from handbook import legacy, startup_trace

        startup_trace.mark("frame-painted")
        _window, search, settings = create_window(window=window)
        threading.Thread(target=legacy.remove_cache, args=(paths.legacy_cache_dir(),), name="legacy-cache",
                         daemon=True).start()
        if smoke:
            app.setWindowIcon(app_icon())
            QTimer.singleShot(0, lambda: checker.start(
                window, search, lambda: load_startup_content(window, search, settings, explicit)))
            return

        def window_shown() -> None:
            """The window is on the screen: now the slow work, in the order she needs it."""
            from handbook import startup_trace, translations

            startup_trace.mark("window-painted")
            app.setWindowIcon(app_icon())  # ~6 ms of reading and scaling PNGs: after her first look
            load_startup_content_in_background(window, search, settings, explicit)
            translations.install(app, paths.resources_dir(), paths.cache_dir())  # Qt's own dialogs and menus

        after_first_paint(window.search_box, window_shown)

    after_first_paint(window, frame_shown)
    try:
        code = app.exec()
    except Exception:  # pragma: no cover - Qt re-raises from slots only in odd cases
        traceback.print_exc()
        return 1
    return checker.exit_code if smoke else code

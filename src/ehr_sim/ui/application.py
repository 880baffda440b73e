"""Start the desktop app: show the window at once, then open (or build) the clinic in it.

Only Qt is imported before the window is on screen; the data layer (SQLAlchemy, the
gateway, the world generator) loads on the first turn of the event loop.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ehr_sim.ui.main_window import MainWindow
from ehr_sim.ui.style import apply_style

if TYPE_CHECKING:
    from ehr_sim.app.clinic import Database
    from ehr_sim.app.clock import SimClock
    from ehr_sim.app.seat import SeatLock
    from ehr_sim.world import WorldSpec

CLINIC_OPENS = time(8, 0)
READY_ENV = "EHR_SIM_EXIT_WHEN_READY"


class WorldBuilder(QObject):
    """Builds the fake clinic off the UI thread and reports progress."""

    progress = Signal(int, str)
    finished = Signal(str)

    def __init__(self, db: Database, spec: WorldSpec) -> None:
        super().__init__()
        self.db = db
        self.spec = spec

    def run(self) -> None:
        from ehr_sim.app.clinic import build_clinic

        try:
            build_clinic(self.db, self.spec, lambda f, m: self.progress.emit(int(f * 100), m))
        except Exception as exc:  # reported to the user, never a silent crash
            self.finished.emit(f"The clinic could not be built: {exc}")
            return
        self.finished.emit("")


class _ProgressRelay(QObject):
    """Shows the worker's progress on the GUI thread: a plain function connected to the
    worker's signal would run on the worker's thread and touch the dialog from there."""

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    @Slot(int, str)
    def show_progress(self, percent: int, message: str) -> None:
        self.dialog.setValue(percent)
        self.dialog.setLabelText(f"Building your clinic…\n{message}")


def build_with_progress(db: Database, spec: WorldSpec, parent: QWidget | None = None) -> str:
    """Build the world in a thread behind a progress dialog; returns an error text or ''."""
    from PySide6.QtCore import Qt

    dialog = QProgressDialog("Building your clinic…", "", 0, 100, parent)
    dialog.setWindowTitle("EHR Sim — first start")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    thread = QThread()
    worker = WorldBuilder(db, spec)
    worker.moveToThread(thread)
    error: list[str] = []

    def finished(message: str) -> None:
        error.append(message)
        thread.quit()

    relay = _ProgressRelay(dialog)
    worker.progress.connect(relay.show_progress)
    worker.finished.connect(finished)
    thread.started.connect(worker.run)
    thread.start()
    dialog.show()
    while thread.isRunning() or not error:
        QApplication.processEvents()
        thread.wait(20)
    dialog.close()
    return error[0]


def start_clock(today: date) -> SimClock:
    """The free-practice clock: opening time on `today`, or on the next clinic day when the
    clinic is closed today (a weekend or holiday), so the schedule opens on a working day."""
    from ehr_sim.app.clock import SimClock
    from ehr_sim.domain.clinic_days import next_clinic_day

    return SimClock(datetime.combine(next_clinic_day(today), CLINIC_OPENS))


def open_clinic(url: str, window: MainWindow, *, spec: WorldSpec | None = None) -> Database | None:
    """Open the clinic database, building a new clinic in an empty one; explain any problem."""
    from ehr_sim.app.clinic import open_clinic_database
    from ehr_sim.app.queries.clinic import is_empty
    from ehr_sim.domain.errors import DatabaseProblem

    try:
        db = open_clinic_database(url)
    except DatabaseProblem as problem:
        window.show_problem("EHR Sim cannot open the clinic", str(problem))
        return None
    if is_empty(db):
        from ehr_sim.world import WorldSpec

        error = build_with_progress(db, spec or WorldSpec(today=date.today()), window)
        if error:
            window.show_problem("EHR Sim could not build the clinic", error)
            db.close()
            return None
    return db


def load_clinic(
    window: MainWindow, db_arg: str | None, *, spec: WorldSpec | None = None
) -> Database | None:
    """Open the clinic and attach its views to the window; None when it cannot be opened."""
    from ehr_sim.app.gateway import Gateway
    from ehr_sim.app.trainee import trainee_name
    from ehr_sim.config import data_dir, database_url
    from ehr_sim.ui.services import Services

    url = database_url(db_arg)
    db = open_clinic(url, window, spec=spec)
    if db is None:
        return None
    from ehr_sim.app.seat import clinic_file, hold_clinic

    clinic = clinic_file(url)
    if clinic is not None and window.seat_lock is None:
        # Held while the window is open: `ehr-sim reset` refuses to rebuild a clinic in use.
        window.seat_lock = hold_clinic(clinic)
    from ehr_sim.app.living_clinic import LivingClinic

    actor = trainee_name(data_dir()) or "trainee"
    services = Services(db, Gateway(db, start_clock(date.today()), actor=actor))
    services.living = LivingClinic.for_practice(services.gateway)
    window.attach(services)
    return db


def class_sign_in() -> str | None:
    """On a lab machine (a class setting exists), the sign-in dialog before the main window:
    the class URL once a student signed in, None when they quit; "" at home (no sign-in)."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from ehr_sim.app.classroom.settings import SettingProblem, class_setting
    from ehr_sim.app.classroom.signin import SignInService, sign_out
    from ehr_sim.config import data_dir
    from ehr_sim.ui.classroom.signin import SignInDialog

    try:
        setting = class_setting()
    except SettingProblem as problem:
        QMessageBox.warning(None, "EHR Sim: the class setting cannot be used", str(problem))
        return None
    if setting is None:
        return ""
    sign_out(data_dir())  # whoever used this seat before signs in again
    dialog = SignInDialog(SignInService(setting.url, data_dir()))
    return setting.url if dialog.exec() == QDialog.DialogCode.Accepted else None


def hold_seat(db_arg: str | None) -> SeatLock | None:
    """Lock the seat's clinic file as in use (`<clinic>.running`) from the app's first
    dialog on, so `ehr-sim reset` refuses while a student sits at the sign-in dialog too;
    None for a server database, or when another process holds it."""
    from ehr_sim.app.seat import clinic_file, hold_clinic
    from ehr_sim.config import database_url

    try:
        clinic = clinic_file(database_url(db_arg))
        return None if clinic is None else hold_clinic(clinic)
    except Exception:  # a bad URL or folder: load() says what is wrong with the clinic
        return None


def run(db_arg: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("EHR Sim")
    apply_style(app)
    window = MainWindow()
    benchmark = bool(os.environ.get(READY_ENV))
    window.seat_lock = hold_seat(db_arg)
    # A lab machine asks the student to sign in first ("" at home, and when benchmarking).
    signing = "" if benchmark else class_sign_in()
    if signing is None:
        return 0  # the student quit at the sign-in dialog
    window.class_url = signing
    window.show()
    opened: list[Database] = []
    failed: list[bool] = []

    def load() -> None:
        from ehr_sim.config import data_dir
        from ehr_sim.ui.last_resort import LOG_NAME, LastResort

        # Installed here, not before the window shows: nothing runs earlier, and startup stays lean.
        last_resort = LastResort(data_dir() / LOG_NAME, window)
        last_resort.install()
        try:
            db = load_clinic(window, db_arg)
        except Exception as exc:  # never leave the window on "Opening the clinic…"
            window.show_problem("EHR Sim cannot open the clinic", str(exc) or repr(exc))
            last_resort.handle(type(exc), exc, exc.__traceback__)
            db = None
        if db is None:
            failed.append(True)
            if benchmark:
                app.exit(1)
            return
        opened.append(db)
        from ehr_sim.app.trainee import trainee_name

        if not benchmark and not trainee_name(data_dir()):
            window.welcome(first=True)  # first start: the trainee's name, and where to begin
        if benchmark:
            # On the next turn of the event loop, once the schedule has been painted.
            QTimer.singleShot(0, lambda: (print("loaded", flush=True), app.quit()))

    if benchmark:
        # Benchmarks: the window is up and the event loop turns (it answers input).
        QTimer.singleShot(0, lambda: print("ready", flush=True))
    QTimer.singleShot(0, load)
    code = app.exec()
    for db in opened:
        db.close()
    return 1 if failed else code

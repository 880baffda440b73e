"""The main window: navigation rail, patient banner, notice bar, views, and the clinic clock."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ehr_sim.ui.banner import PatientBanner
from ehr_sim.ui.notice import NoticeBar

if TYPE_CHECKING:
    from pathlib import Path

    from ehr_sim.app.gateway import Outcome
    from ehr_sim.app.seat import SeatLock
    from ehr_sim.ui.billing.view import BillingView
    from ehr_sim.ui.classroom.signin import SignInDialog
    from ehr_sim.ui.frontdesk.view import FrontDeskView
    from ehr_sim.ui.patients.view import PatientsView
    from ehr_sim.ui.scenarios.controller import ScenarioController
    from ehr_sim.ui.schedule.view import ScheduleView
    from ehr_sim.ui.services import Services
    from ehr_sim.ui.welcome import WelcomeDialog

# Each area of the rail and where its view lives (module, class); built on its first visit.
AREA_VIEWS: dict[str, tuple[str, str]] = {
    "Schedule": ("ehr_sim.ui.schedule.view", "ScheduleView"),
    "Patients": ("ehr_sim.ui.patients.view", "PatientsView"),
    "Front desk": ("ehr_sim.ui.frontdesk.view", "FrontDeskView"),
    "Billing & claims": ("ehr_sim.ui.billing.view", "BillingView"),
    "Charge entry": ("ehr_sim.ui.charges.view", "ChargesView"),
    "Messages & phone": ("ehr_sim.ui.messages.view", "MessagesView"),
    "Referrals": ("ehr_sim.ui.referrals.view", "ReferralsView"),
    "Inventory": ("ehr_sim.ui.inventory.view", "InventoryView"),
    "Reports": ("ehr_sim.ui.reports.view", "ReportsView"),
}
AREAS = tuple(AREA_VIEWS)
LATER_AREAS = tuple(
    name
    for name in ("Messages & phone", "Referrals", "Inventory", "Reports")
    if name not in AREA_VIEWS
)
RAIL_WIDTH = 165  # with the scenario dock, the whole window fits a 1366-pixel screen
RAIL_ITEM_PADDING = (10, 14)  # vertical, horizontal: resources/style.qss, navRail::item


class MainWindow(QMainWindow):
    """The clinic window. Built in two steps so it appears at once: the frame first
    (rail, status bar, an "Opening the clinic" page), then `attach(services)` adds the views
    once the clinic database is open; nothing from the data layer is imported before that."""

    def __init__(self, services: Services | None = None) -> None:
        super().__init__()
        self.setWindowTitle("EHR Sim")
        self.fit_screen(1400, 860)
        self.scenarios: ScenarioController | None = None
        self._class_url = ""  # set by run() once a student signed in on a lab machine
        self.seat_lock: SeatLock | None = None  # held on the clinic file while it is open

        self.rail = QListWidget()
        self.rail.setObjectName("navRail")
        self.rail.setIconSize(QSize(20, 20))
        self.rail.setFixedWidth(RAIL_WIDTH)
        self.rail.setProperty("horizontalScrollBarPolicy", "ScrollBarAlwaysOff")  # see loading
        self.rail.setProperty("wordWrap", True)  # a long name on two lines (_fit_rail_names)
        for name in AREAS:
            self.rail.addItem(QListWidgetItem(name))
        for name in LATER_AREAS:
            item = QListWidgetItem(name)
            item.setToolTip("Not in this version yet")
            self.rail.addItem(item)
        self.rail.setEnabled(False)  # the later areas are made unselectable in attach()

        self.stack = QStackedWidget()
        self.loading = QLabel("Opening the clinic…")
        # Named, not Qt.AlignmentFlag: the frame never touches the Qt namespace, whose ~90
        # enums cost ~15 ms to create; they are made after the frame shows (see Startup).
        self.loading.setProperty("alignment", "AlignCenter")
        self.loading.setProperty("role", "heading")
        self.stack.addWidget(self.loading)
        self.banner = PatientBanner()
        self.notice = NoticeBar()

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(8, 8, 8, 4)
        column.addWidget(self.banner)
        column.addWidget(self.notice)
        column.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.rail)
        row.addWidget(content, 1)
        self.setCentralWidget(central)

        self.clinic_label = QLabel()
        self.database_label = QLabel()
        self.clock_label = QLabel()
        self.clock_label.setObjectName("simClock")
        self.statusBar().addWidget(self.clinic_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().addPermanentWidget(self.clock_label)
        if services is not None:
            self.attach(services)

    def connect_class_server(self) -> None:
        """On a lab machine (a class setting exists): attempts go to the class server, and
        the status bar says how that goes."""
        from ehr_sim.app.classroom.settings import SettingProblem, class_setting

        try:
            setting = class_setting()
        except SettingProblem as problem:
            self.statusBar().addPermanentWidget(QLabel(f"Class server setting unusable: {problem}"))
            return
        if setting is not None:
            link = self.scenario_controller().connect_class(setting.url)
            self.statusBar().addPermanentWidget(link.label)

    def fit_screen(self, width: int | None = None, height: int | None = None) -> None:
        """Be `width` × `height` (or the present size), never larger than the screen's
        free area: a lab's 1366×768 screen shows the whole window, dock included."""
        area = self.screen().availableGeometry()
        width = min(width or self.width(), area.width())
        height = min(height or self.height(), area.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    def show_problem(self, title: str, message: str) -> None:
        """Replace the "Opening the clinic" page with why the clinic could not be opened."""
        self.loading.setText(
            f"<h2>{title}</h2><p>{message}</p><p>Close this window, fix the problem and start "
            "EHR Sim again, or start it with another clinic file (ehr-sim --db FILE).</p>"
        )
        from PySide6.QtCore import Qt

        self.loading.setTextFormat(Qt.TextFormat.RichText)
        self.loading.setWordWrap(True)
        self.loading.setProperty("role", "")
        self.loading.setObjectName("startupProblem")

    def attach(self, services: Services) -> None:
        """Add the views for an open clinic and start the clinic clock."""
        from ehr_sim.app.queries.clinic import settings

        self.services = services
        clinic = settings(services.db)
        self.setWindowTitle(f"EHR Sim — {clinic.get('clinic_name', 'Clinic')}")
        self.clinic_label.setText(clinic.get("clinic_name", ""))
        self.database_label.setText(f"Database: {services.db.url}")
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()
        self._place_views()
        self.rail.currentRowChanged.connect(self._show_area)
        self.banner.close_requested.connect(services.close_chart)

        self._tick()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.timer.timeout.connect(lambda: self.services.tick())
        self.timer.start(1000)

        services.changed.connect(self._on_outcome)
        services.chart_opened.connect(self._on_chart_opened)
        services.chart_closed.connect(self._on_chart_closed)
        from ehr_sim.ui.idle_lock import IdleLock

        self.idle_lock = IdleLock(self, self._idle_lock_ms())
        self._menus()
        self.connect_class_server()
        from PySide6.QtCore import Qt

        for row in range(len(AREAS), self.rail.count()):
            self.rail.item(row).setFlags(Qt.ItemFlag.NoItemFlags)
        self._fit_rail_names()
        self.rail.setEnabled(True)
        self.rail.blockSignals(True)  # the schedule was loaded as it was built: not twice
        self.rail.setCurrentRow(0)
        self.rail.blockSignals(False)
        self.stack.setCurrentWidget(self.schedule)

    def _fit_rail_names(self) -> None:
        """A name wider than the rail ("Messages & phone") gets two lines instead of being cut
        short; the rest keep one."""
        self.rail.ensurePolished()  # the style sheet's font, which sets the width
        metrics = self.rail.fontMetrics()
        room = RAIL_WIDTH - 2 * RAIL_ITEM_PADDING[1] - 8
        height = 2 * metrics.lineSpacing() + 2 * RAIL_ITEM_PADDING[0] + 4
        for row in range(self.rail.count()):
            item = self.rail.item(row)
            if metrics.horizontalAdvance(item.text()) > room:
                item.setSizeHint(QSize(RAIL_WIDTH - 4, height))

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        rename = self.rename_action = QAction("Your &name…", self)
        rename.triggered.connect(lambda: self.welcome(first=False))
        file_menu.addAction(rename)
        lock = QAction("&Lock screen", self, shortcut=QKeySequence("Ctrl+L"))
        lock.triggered.connect(lambda: self.idle_lock.lock())
        file_menu.addAction(lock)
        # On a lab machine (run() sets class_url after a sign-in): back to the sign-in dialog.
        self.sign_out_action = QAction("Sign &out", self)
        self.sign_out_action.triggered.connect(self.sign_out)
        file_menu.addAction(self.sign_out_action)
        self._show_class_actions()
        instructor = QAction("&Instructor mode…", self)
        instructor.triggered.connect(self.instructor_mode)
        file_menu.addAction(instructor)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go = bar.addMenu("&Go")
        for index, name in enumerate(AREAS):
            action = QAction(name, self, shortcut=QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.rail.setCurrentRow(i))
            go.addAction(action)
        close_chart = QAction("Close chart", self, shortcut=QKeySequence("Ctrl+W"))
        close_chart.triggered.connect(lambda: self.services.close_chart())
        go.addAction(close_chart)
        act = bar.addMenu("&Actions")
        for text, keys, slot in (
            ("New appointment…", "Ctrl+N", self._new_appointment),
            ("Find patient", "Ctrl+F", self._find_patient),
            ("Register patient…", "Ctrl+Shift+N", self._register_patient),
        ):
            action = QAction(text, self, shortcut=QKeySequence(keys))
            action.triggered.connect(slot)
            act.addAction(action)
        scenarios = bar.addMenu("&Scenarios")
        choose = QAction("Choose a scenario…", self, shortcut=QKeySequence("Ctrl+Shift+S"))
        choose.triggered.connect(self.open_scenarios)
        scenarios.addAction(choose)
        free = QAction("Back to free practice", self)
        free.triggered.connect(lambda: self.scenario_controller().leave())
        scenarios.addAction(free)

    @property
    def class_url(self) -> str:
        """The class database a student signed in to on this lab machine ("" at home)."""
        return self._class_url

    @class_url.setter
    def class_url(self, url: str) -> None:
        self._class_url = url
        self._show_class_actions()

    def _show_class_actions(self) -> None:
        """Sign out for a signed-in student; Your name… otherwise (the roster's name is theirs).
        The menus are made once the clinic is loaded: until then there is nothing to show."""
        if hasattr(self, "sign_out_action"):
            self.sign_out_action.setVisible(bool(self._class_url))
            self.rename_action.setVisible(not self._class_url)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window lets go of the clinic file (ehr-sim reset may then rebuild it)."""
        if self.seat_lock is not None:
            self.seat_lock.release()
        super().closeEvent(event)

    def sign_out(self) -> SignInDialog:
        """Forget the signed-in student and show the sign-in dialog; quit if they quit there."""
        from ehr_sim.app.classroom.signin import SignInService, sign_out
        from ehr_sim.config import data_dir
        from ehr_sim.ui.classroom.signin import SignInDialog

        folder = self.scenario_controller().data_dir if self.scenarios else data_dir()
        if self.scenarios is not None:
            self.scenarios.leave()
        sign_out(folder)
        self.hide()
        dialog = SignInDialog(SignInService(self.class_url, folder))
        dialog.accepted.connect(lambda: self._signed_in_again(folder))
        dialog.rejected.connect(self.close)
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def _signed_in_again(self, folder: Path) -> None:
        self._name_saved(folder)
        self.show()

    def instructor_mode(self) -> QInputDialog:
        """Ask the class owner's URL (pre-filled with this lab's server and database, the
        lab account's name and password left out: it cannot read grades), then the
        instructor's password, then show the gradebook."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        from ehr_sim.app.classroom.settings import SettingProblem, class_setting

        suggested = "postgresql://USER:PASSWORD@SERVER/DATABASE"
        try:
            found = class_setting()
        except SettingProblem as problem:
            found = None
            self.statusBar().showMessage(str(problem), 10000)
        if found is not None:
            try:
                lab = make_url(found.url)
                suggested = lab.set(username="USER", password="PASSWORD").render_as_string(
                    hide_password=False
                )
            except ArgumentError:
                pass
        self.url_dialog = QInputDialog(self)
        self.url_dialog.setWindowTitle("Instructor mode")
        self.url_dialog.setLabelText(
            "The class database, with the class owner's user and password (the URL "
            "`ehr-sim class init` used; the lab machines' account cannot read grades):"
        )
        self.url_dialog.setTextValue(suggested)
        self.url_dialog.resize(640, self.url_dialog.height())
        self.url_dialog.textValueSelected.connect(self.open_class_gradebook)
        self.url_dialog.open()
        return self.url_dialog

    def open_class_gradebook(self, url: str) -> None:
        """Ask the instructor's password for the class at `url`, then show the gradebook."""
        from PySide6.QtWidgets import QMessageBox

        from ehr_sim.app.classroom import ClassProblem, open_class
        from ehr_sim.ui.classroom.gradebook import GradebookWindow, InstructorDialog

        try:
            class_db = open_class(url.strip(), instructor=True)
        except ClassProblem as problem:
            QMessageBox.warning(self, "Instructor mode", str(problem))
            return
        self.instructor_dialog = InstructorDialog(class_db, self)

        def show() -> None:
            self.gradebook_window = GradebookWindow(class_db, self, owns=True)
            self.gradebook_window.show()

        self.instructor_dialog.accepted.connect(show)
        self.instructor_dialog.rejected.connect(class_db.close)
        self.instructor_dialog.open()

    def welcome(self, *, first: bool) -> WelcomeDialog:
        """Ask the trainee's name (and, on first start, where to begin); never blocks."""
        from ehr_sim.config import data_dir
        from ehr_sim.ui.welcome import WelcomeDialog

        folder = self.scenario_controller().data_dir if self.scenarios else data_dir()
        dialog = WelcomeDialog(folder, self, first=first)
        dialog.accepted.connect(lambda: self._name_saved(folder))
        dialog.begin_requested.connect(self._begin)
        self.welcome_dialog = dialog
        dialog.open()
        return dialog

    def _name_saved(self, folder: Path) -> None:
        from ehr_sim.app.trainee import trainee_name

        # Free practice logs under the trainee's name from now on (scenarios read it at start).
        self.free_services().gateway.actor = trainee_name(folder) or self.services.gateway.actor

    def free_services(self) -> Services:
        """The free-practice clinic's services (the window may be showing a scenario's)."""
        return self.scenarios.free_services if self.scenarios is not None else self.services

    def _begin(self, where: str) -> None:
        if where == "scenarios":
            self.open_scenarios()

    def scenario_controller(self) -> ScenarioController:
        """The window's scenario runner (made on first use)."""
        if self.scenarios is None:
            from ehr_sim.ui.scenarios.controller import ScenarioController

            self.scenarios = ScenarioController(self)
        return self.scenarios

    def open_scenarios(self) -> None:
        self.scenario_controller().open_picker()

    def use_services(self, services: Services) -> None:
        """Show another clinic in this window (a scenario attempt's own file, or back)."""
        from ehr_sim.app.queries.clinic import settings

        old = self.services
        if old is services:
            return
        old.close_chart()
        for signal, slot in (
            (old.changed, self._on_outcome),
            (old.chart_opened, self._on_chart_opened),
            (old.chart_closed, self._on_chart_closed),
        ):
            signal.disconnect(slot)
        self.banner.close_requested.disconnect(old.close_chart)
        self.services = services
        clinic = settings(services.db)
        self.database_label.setText(f"Database: {services.db.url}")
        self.clinic_label.setText(clinic.get("clinic_name", ""))
        row = max(0, self.rail.currentRow())
        for view in self.views:
            self.stack.removeWidget(view)
            view.hide()
            view.deleteLater()
        self._place_views()
        self.banner.close_requested.connect(services.close_chart)
        services.changed.connect(self._on_outcome)
        services.chart_opened.connect(self._on_chart_opened)
        services.chart_closed.connect(self._on_chart_closed)
        self.notice.hide()
        self.idle_lock.set_timeout(self._idle_lock_ms())
        self._tick()
        self._show_area(row)

    # Views: the schedule is built with the clinic, each other area on its first visit -----

    def _place_views(self) -> None:
        """Build the schedule and hold a place in the stack for every other area."""
        from ehr_sim.ui.schedule.view import ScheduleView

        self.built: dict[int, QWidget] = {0: ScheduleView(self.services)}
        self.views: list[QWidget] = [self.built[0]] + [QWidget() for _ in AREAS[1:]]
        for view in self.views:
            self.stack.addWidget(view)

    def view(self, row: int) -> QWidget:
        """The area's view, built now if this is its first visit."""
        if row not in self.built:
            view = self._build_view(row)
            placeholder = self.views[row]
            self.stack.insertWidget(row, view)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.views[row] = self.built[row] = view
        return self.built[row]

    def _build_view(self, row: int) -> QWidget:
        import importlib

        module, name = AREA_VIEWS[AREAS[row]]
        view: QWidget = getattr(importlib.import_module(module), name)(self.services)
        return view

    def area(self, name: str) -> QWidget:
        """The named area's view (built now if not yet visited)."""
        return self.view(AREAS.index(name))

    @property
    def schedule(self) -> ScheduleView:
        return cast("ScheduleView", self.views[0])

    @property
    def patients(self) -> PatientsView:
        return cast("PatientsView", self.view(1))

    @property
    def front_desk(self) -> FrontDeskView:
        return cast("FrontDeskView", self.view(2))

    @property
    def billing(self) -> BillingView:
        return cast("BillingView", self.view(3))

    def _show_area(self, row: int) -> None:
        if 0 <= row < len(AREAS):
            view = self.view(row)
            if self.stack.currentWidget() is not view:
                self.notice.hide()  # a notice is about the view it came from: it stays there
            self.stack.setCurrentWidget(view)
            self._refresh_banner()
            refresh = getattr(view, "refresh", None)
            if refresh is not None:
                refresh()

    def show_area(self, name: str) -> None:
        self.rail.setCurrentRow(AREAS.index(name))

    def _new_appointment(self) -> None:
        self.show_area("Schedule")
        self.schedule.new_appointment()

    def _find_patient(self) -> None:
        self.show_area("Patients")
        self.patients.focus_search()

    def _register_patient(self) -> None:
        self.show_area("Patients")
        self.patients.register_patient()

    def _tick(self) -> None:
        from ehr_sim.domain.times import clock

        now = self.services.now()
        self.clock_label.setText(f"Clinic time  {now:%a %m/%d/%Y}  {clock(now)}")

    def _idle_lock_ms(self) -> int:
        """The clinic's idle time before the screen locks, in milliseconds (0: never)."""
        from ehr_sim.app.queries.privacy import idle_lock_minutes

        return idle_lock_minutes(self.services.db) * 60_000

    def _on_outcome(self, outcome: Outcome) -> None:
        if outcome.action.name == "SetScreenLock" and outcome.done:
            self.idle_lock.set_timeout(self._idle_lock_ms())
        if outcome.colleague:  # the living clinic's colleagues: views refresh, no notice
            pass
        elif not self.services.hints and outcome.code == "requires_action":
            self.notice.show_message("refused", "Not done: you cannot say that yet.")
        elif outcome.action.name != "ViewChart" or not outcome.done:
            self.notice.show_outcome(outcome)
        if self.services.open_patient_id is not None:
            self._refresh_banner()

    def _on_chart_opened(self, patient_id: int) -> None:
        self.show_area("Patients")
        self.patients.show_chart(patient_id)
        self._refresh_banner()

    def _refresh_banner(self) -> None:
        from ehr_sim.app.queries.patients import banner

        # Only the patient in focus in the current view: the open chart, in Patients.
        in_chart = 1 in self.built and self.stack.currentWidget() is self.built[1]
        patient_id = self.services.open_patient_id if in_chart else None
        found = (
            banner(self.services.db, patient_id, today=self.services.today())
            if patient_id
            else None
        )
        if found is None:
            self.banner.hide()
        else:
            self.banner.show_banner(found)

    def _on_chart_closed(self) -> None:
        self.banner.hide()
        self.notice.hide()  # the last outcome may name the patient (HIPAA: nothing left on screen)
        if 1 in self.built:  # a Patients view never built shows no chart
            self.patients.close_chart()

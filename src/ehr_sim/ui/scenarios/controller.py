"""Runs scenarios in the main window: the picker, starting an attempt in its own clinic
file, the panel's timer, and the debrief (recorded in the attempt history)."""

from __future__ import annotations

import inspect
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol
from uuid import uuid4

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget

from ehr_sim import config
from ehr_sim.app.classroom.assignments import (
    AssignProblem,
    StudentAssignment,
    attempt_seal,
    attempt_uid,
    ended_scenario,
    lab_assignments,
    prepare_assignment,
    utc_now,
)
from ehr_sim.app.classroom.server import ClassProblem
from ehr_sim.app.classroom.settings import SettingProblem, class_setting
from ehr_sim.app.classroom.signin import signed_in
from ehr_sim.app.classroom.sync import sent_marker
from ehr_sim.app.gateway import Outcome
from ehr_sim.app.scenarios.attempts import (
    Interrupted,
    ScenarioRun,
    attempts_folder,
    interrupted_attempts,
    new_attempt_file,
    worlds_folder,
)
from ehr_sim.app.scenarios.catalog import CatalogEntry, load_catalog
from ehr_sim.app.scenarios.history import HistoryEntry, add_note, load_history, record_attempt
from ehr_sim.app.scenarios.review import Review, review_file, review_run
from ehr_sim.app.trainee import trainee_name
from ehr_sim.packs.install import REFUSED, install_pack, problem_lines
from ehr_sim.packs.places import installed_packs_dir
from ehr_sim.ui.notice import NoticeBar
from ehr_sim.ui.scenarios.class_link import ClassConnection
from ehr_sim.ui.scenarios.debrief import DebriefWindow
from ehr_sim.ui.scenarios.panel import ScenarioPanel
from ehr_sim.ui.scenarios.picker import ScenarioPicker
from ehr_sim.ui.services import Services


class ScenarioHost(Protocol):
    """What the controller uses of the main window that owns it (a QMainWindow)."""

    services: Services

    def use_services(self, services: Services) -> None: ...

    def fit_screen(self, width: int | None = None, height: int | None = None) -> None: ...

    notice: NoticeBar

    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...

    def removeDockWidget(self, dock: QDockWidget) -> None: ...

    def resizeDocks(
        self, docks: list[QDockWidget], sizes: list[int], orientation: Qt.Orientation
    ) -> None: ...


TICK_MS = 500
# How long the end of an assignment waits for the class server to hold it, and how often
# it looks.
SEND_WAIT_SECONDS = 10.0
SEND_POLL_MS = 200
DOCK_TITLE = "Scenario"
DOCK_WIDTH = 365
NO_NAME = "the front desk"  # before the trainee gave a name: never the computer's login
TEXT = {
    "review_gone": "That attempt cannot be shown again: its file or its scenario is gone.",
    "graded_later": "Your attempt has ended and is kept on the class server; your "
    "instructor's copy grades it (the debrief could not be fetched: {problem}).",
    "sending": "Your attempt has ended: sending it to the class server for your debrief…",
}


class ScenarioController(QObject):
    """One per window: picks, starts, ticks and debriefs scenario attempts."""

    def __init__(
        self,
        window: ScenarioHost,
        *,
        data_dir: Path | None = None,
        play_date: date | None = None,
        running: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.free_services = window.services
        self._data_dir = data_dir
        self.play_date = play_date
        self.running = running
        self.picker: ScenarioPicker | None = None
        self.run: ScenarioRun | None = None
        self.entry: CatalogEntry | None = None
        self.mode = "practice"
        self.path: Path | None = None
        self.services: Services | None = None
        self.panel: ScenarioPanel | None = None
        self.dock: QDockWidget | None = None
        self.debrief: DebriefWindow | None = None
        self.finished = False
        # Class mode (a lab machine): the assignment being played, if any.
        self.assignment: StudentAssignment | None = None
        self.assignment_folder: Path | None = None
        self.class_url: str | None = None
        self.debrief_problem = ""
        self.class_link: ClassConnection | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    @property
    def data_dir(self) -> Path:
        return self._data_dir if self._data_dir is not None else config.data_dir()

    def connect_class(self, url: str) -> ClassConnection:
        """Play for the class at `url`: each attempt from now on is sent to it as it happens
        (and any left unsent from an earlier session)."""
        if self.class_link is None:
            self.class_link = ClassConnection(self, url, attempts_folder(self.data_dir))
        return self.class_link

    # -- picking and starting -------------------------------------------------------------
    def open_picker(self) -> ScenarioPicker:
        entries, problems = load_catalog(self.data_dir)
        known = {e.scenario.id for e in entries}
        lost = [
            i
            for i in interrupted_attempts(attempts_folder(self.data_dir))
            if i.scenario_id in known and (self.run is None or i.path != self.path)
        ]
        assignments, problem = self._assignments()
        self.picker = ScenarioPicker(
            entries,
            problems,
            self.window,
            interrupted=lost,
            history=load_history(self.data_dir),
            assignments=assignments,
            assignments_problem=problem,
        )
        self.picker.start_requested.connect(self.start)
        self.picker.assignment_requested.connect(self.start_assignment)
        self.picker.resume_requested.connect(self.resume)
        self.picker.install_requested.connect(self.install_pack)
        self.picker.review_requested.connect(self.review)
        self.picker.open()
        return self.picker

    # -- class mode: assignments from the class server ----------------------------------------
    def student_login(self) -> str:
        """Who plays on this seat, for the class server: the signed-in student's login (the
        trainee's name when nobody signed in, e.g. an instructor trying a seat)."""
        student = signed_in(self.data_dir)
        if student is not None:
            return student.login
        return trainee_name(self.data_dir) or NO_NAME

    def _assignments(self) -> tuple[list[StudentAssignment] | None, str]:
        """The student's assignments (None at home), and a plain problem if any."""
        try:
            setting = class_setting()
        except SettingProblem as problem:
            return [], str(problem)
        self.class_url = setting.url if setting is not None else None
        if self.class_url is None:
            return None, ""
        try:
            return lab_assignments(self.class_url, self.student_login(), utc_now()), ""
        except (ClassProblem, AssignProblem) as problem:
            return [], f"Assignments cannot be shown: {problem}"

    def start_assignment(self, chosen: StudentAssignment) -> ScenarioRun | None:
        """Fetch the assignment's student copy into a private folder and play it; a plain
        refusal in the picker when no attempt is left or the server says no."""
        if self.class_url is None:
            return None
        folder = Path(tempfile.mkdtemp(prefix="ehr-sim-assignment-"))
        try:
            prepared = prepare_assignment(
                self.class_url, self.student_login(), chosen, folder, utc_now()
            )
        except (ClassProblem, AssignProblem) as problem:
            if self.picker is not None:
                self.picker.show_report([str(problem)])
            return None
        if self.picker is not None:
            self.picker.accept()
        entry = CatalogEntry(prepared.pack, prepared.scenario, None)
        run = self.start(
            entry, prepared.assignment.mode, assignment=prepared.assignment, uid=prepared.uid
        )
        self.assignment_folder = folder
        return run

    def install_pack(self, source: Path) -> list[str]:
        """Validate and add a pack; the picker then lists it, or shows every problem."""
        result = install_pack(source, installed_packs_dir(self.data_dir))
        lines = problem_lines(source, result)
        if result.ok:
            if self.picker is not None:
                self.picker.close()
            self.open_picker()
        elif self.picker is not None:
            self.picker.show_report([REFUSED, *lines])
        return lines

    def start(
        self,
        entry: CatalogEntry,
        mode: str = "practice",
        *,
        assignment: StudentAssignment | None = None,
        uid: str | None = None,
    ) -> ScenarioRun:
        """A fresh attempt in <data_dir>/attempts, shown in the window with the panel."""
        old = self._stop_current()
        self.assignment = assignment
        self.path = new_attempt_file(self.data_dir, entry.scenario.id, datetime.now())
        run = ScenarioRun.start(
            self.path,
            entry.pack,
            entry.scenario,
            play_date=self.play_date or date.today(),
            mode=mode,
            trainee=trainee_name(self.data_dir) or NO_NAME,
            running=self.running,
            world_cache=worlds_folder(self.data_dir),
            uid=uid or (str(uuid4()) if self.class_link is not None else None),
            **assignment_arguments(assignment),
        )
        if self.class_link is not None:
            student = signed_in(self.data_dir)
            self.class_link.watch(self.path, student.login if student else "")
        self._show(run, entry, mode, old)
        return run

    def resume(self, interrupted: Interrupted) -> ScenarioRun | None:
        """Reopen an attempt the app lost (crash, power cut) where it stopped, clock included."""
        entries, _problems = load_catalog(self.data_dir)
        entry = next((e for e in entries if e.scenario.id == interrupted.scenario_id), None)
        if entry is None:
            return None
        old = self._stop_current()
        self.path = interrupted.path
        run = ScenarioRun.resume(interrupted.path, entry.scenario, running=self.running)
        if self.class_link is not None:
            self.class_link.watch(interrupted.path)
        self._show(run, entry, run.mode, old)
        return run

    def _show(
        self, run: ScenarioRun, entry: CatalogEntry, mode: str, old: ScenarioRun | None
    ) -> None:
        self.run, self.entry, self.mode, self.finished = run, entry, mode, False
        self.services = Services(run.db, run.gateway)
        self.services.hints = mode != "assessed"
        self.window.use_services(self.services)
        if old is not None:
            old.close()
        self.services.changed.connect(self._after_action)
        run.listeners.append(self._on_event)
        self.panel = ScenarioPanel(run, self.services, mode)
        self.panel.end_requested.connect(self.end_attempt)
        self.dock = QDockWidget(DOCK_TITLE, self.window)
        self.dock.setObjectName("scenarioDock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(DOCK_WIDTH)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.window.fit_screen()  # the dock takes room from the clinic, never from the screen
        self.dock.show()
        self.timer.start()
        self.tick()

    def retry(self) -> None:
        if self.assignment is not None:  # another attempt is checked with the server again
            self.start_assignment(self.assignment)
        elif self.entry is not None:
            self.start(self.entry, self.mode)

    def end_attempt(self) -> None:
        if self.run is not None:
            self.run.end()
            self.check_end()

    def leave(self) -> None:
        """Back to free practice: the window shows the normal clinic again."""
        old = self._stop_current()
        self.window.use_services(self.free_services)
        if old is not None:
            old.close()

    # -- running --------------------------------------------------------------------------
    def tick(self) -> None:
        if self.run is None or self.finished:
            return
        fired = self.run.tick()
        if fired and self.class_link is not None:
            self.class_link.nudge()
        if self.panel is not None:
            self.panel.refresh()
        self.check_end()

    def _after_action(self, outcome: Outcome) -> None:
        if self.class_link is not None:
            self.class_link.nudge()  # its link is in the attempt file: send it now
        if not outcome.colleague:  # colleagues act inside a tick already
            self.tick()

    def _on_event(self) -> None:
        if self.panel is not None:
            self.panel.refresh()
        self.check_end()

    def check_end(self) -> None:
        run = self.run
        if run is None or self.finished or run.running:
            return
        self.finished = True
        self.timer.stop()
        if self.class_link is not None:
            self.class_link.nudge()  # the seal, then the sealed file
        if self.assignment is not None and self.class_link is not None and self.path:
            # The rubric comes from the server once it holds the ended attempt: wait for it.
            self.window.notice.show_message("warning", TEXT["sending"])
            self._debrief_when_sent(run, time.monotonic() + SEND_WAIT_SECONDS)
            return
        self._finish(run)

    def _debrief_when_sent(self, run: ScenarioRun, deadline: float) -> None:
        """Finish once the class server holds the whole attempt (its .sent marker), or at
        the deadline (the debrief then says it will be graded later)."""
        if self.run is not run:
            return  # the student moved on
        sent = self.path is not None and sent_marker(self.path).exists()
        if sent or time.monotonic() > deadline:
            self._finish(run)
            return
        QTimer.singleShot(SEND_POLL_MS, lambda: self._debrief_when_sent(run, deadline))

    def _finish(self, run: ScenarioRun) -> None:
        info = run.info()
        graded = self._graded_review(run)
        if graded is None:
            if self.panel is not None:
                self.panel.refresh()
                self.panel.finish()
            return
        review = graded
        report = review.report
        attempt_file = str(self.path)
        assert self.entry is not None
        record_attempt(
            self.data_dir,
            HistoryEntry(
                scenario_id=self.entry.scenario.id,
                title=self.entry.scenario.title,
                pack_hash=self.entry.pack.content_hash,
                mode=self.mode,
                score=report.score,
                status=info.status,
                attempt_file=attempt_file,
                finished_at=datetime.now().isoformat(timespec="seconds"),
            ),
        )
        if self.panel is not None:
            self.panel.refresh()
            self.panel.finish()
        self.show_debrief(review, attempt_file, retry=True)

    def _graded_review(self, run: ScenarioRun) -> Review | None:
        """The review to debrief with: an assignment's is graded with the whole pack, which
        the class server gives only now that the attempt has ended (None when it cannot:
        `debrief_problem` says why)."""
        if self.assignment is None or self.class_url is None or self.path is None:
            return review_run(run)
        uid = attempt_uid(run)  # set once the attempt is registered on the server
        try:
            if not uid:
                raise ClassProblem("this attempt is not registered on the class server")
            whole = ended_scenario(
                self.class_url, str(uid), attempt_seal(run), self.assignment.scenario_id
            )
        except (ClassProblem, AssignProblem) as problem:
            self.debrief_problem = TEXT["graded_later"].format(problem=problem)
            self.window.notice.show_message("warning", self.debrief_problem)
            return None
        self.window.notice.hide()
        return review_file(self.path, whole)

    def show_debrief(self, review: Review, attempt_file: str, *, retry: bool) -> DebriefWindow:
        """The debrief window of one attempt, centred on the main window; Esc closes it."""
        if self.debrief is not None:
            self.debrief.close()
        self.debrief = DebriefWindow(
            review.title,
            review.report,
            review.status,
            review.ending,
            review.actions,
            review.started_at,
            self.window,  # type: ignore[arg-type]
            changes=review.changes,
            changes_problem=review.changes_problem,
            events=review.events,
            seal_code=review.seal_code,
            integrity_problem=review.integrity_problem,
        )
        self.debrief.note_given.connect(lambda text: add_note(self.data_dir, attempt_file, text))
        if retry:
            self.debrief.retry_requested.connect(self.retry, Qt.ConnectionType.QueuedConnection)
        else:
            self.debrief.retry.hide()
        self.debrief.show()
        return self.debrief

    def review(self, entry: HistoryEntry) -> DebriefWindow | None:
        """Reopen the debrief of an attempt from the history (graded with today's pack)."""
        entries, _problems = load_catalog(self.data_dir)
        found = next((e for e in entries if e.scenario.id == entry.scenario_id), None)
        path = Path(entry.attempt_file)
        if found is None or not path.is_file():
            if self.picker is not None:
                self.picker.show_report([TEXT["review_gone"]])
            return None
        if self.picker is not None:
            self.picker.close()
        window = self.show_debrief(review_file(path, found.scenario), str(path), retry=False)
        window.show_results()
        return window

    def _stop_current(self) -> ScenarioRun | None:
        """Stop the running attempt (if any); the caller closes it once the window moved on."""
        self.timer.stop()
        if self.services is not None:
            self.services.changed.disconnect(self._after_action)
            self.services = None
        if self.dock is not None:
            self.window.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
            self.panel = None
        if self.run is not None:
            old = self.run
            self.run = None
            if old.running:
                old.end()
            old.listeners.clear()
            return old
        return None


def assignment_arguments(assignment: StudentAssignment | None) -> dict[str, Any]:
    """assignment_id and variant for ScenarioRun.start, for the parameters it takes (sync
    and variants add them)."""
    if assignment is None:
        return {}
    wanted = {"assignment_id": assignment.id, "variant": assignment.variant}
    accepted = inspect.signature(ScenarioRun.start).parameters
    return {name: value for name, value in wanted.items() if name in accepted}

"""Regenerate: python docs/screenshots/make_classroom_signin.py (offscreen). Screenshots of the lab machine's sign-in dialog (docs/classroom.md): a login that is not
on the roster, and a first sign-in choosing a password. The class server's answers are
played by a stand-in here (the tests use a real one: tests/classroom/test_signin_dialog.py)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import save, settle, start_app

from ehr_sim.app.classroom.signin import (
    ChoosePassword,
    SignedIn,
    SignInRefused,
    SignInService,
    not_on_roster,
)
from ehr_sim.ui.classroom.signin import SignInDialog


class StandIn(SignInService):
    """Answers as a class server whose roster has jdoe (no password yet) only."""

    def sign_in(self, login: str, password: str) -> SignedIn:
        if login.strip().lower() != "jdoe":
            raise SignInRefused(not_on_roster(login.strip()))
        raise ChoosePassword("Jane Doe")


def main() -> int:
    app = start_app()
    dialog = SignInDialog(
        StandIn("postgresql://lab@class-server/ehr_sim", Path(tempfile.mkdtemp()))
    )
    dialog.show()
    dialog.login.setText("jdoee")
    dialog.password.setText("secret password")
    dialog.sign_in_button.click()
    settle(app)
    save(dialog, "classroom_signin")
    dialog.login.setText("jdoe")
    dialog.sign_in_button.click()
    dialog.new.setText("front desk 1")
    settle(app)
    save(dialog, "classroom_signin_choose")
    dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where a lab machine finds its class server: environment first, then config files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ehr_sim.app.classroom.settings import ENV_CLASS_URL, SettingProblem, class_setting

URL = "postgresql://lab:secret@class-server/ehr_sim"


def test_no_setting_means_home_use(tmp_path: Path) -> None:
    assert class_setting({}, [tmp_path / "classroom.toml"]) is None


def test_the_environment_wins_over_a_config_file(tmp_path: Path) -> None:
    file = tmp_path / "classroom.toml"
    file.write_text('url = "postgresql://other/db"\n')
    found = class_setting({ENV_CLASS_URL: URL}, [file])
    assert found is not None
    assert (found.url, found.source) == (URL, ENV_CLASS_URL)


def test_the_users_file_comes_before_the_machines(tmp_path: Path) -> None:
    user, machine = tmp_path / "user.toml", tmp_path / "machine.toml"
    machine.write_text('url = "postgresql://machine/db"\n')
    assert class_setting({}, [user, machine]) == class_setting({}, [machine])
    user.write_text(f'url = "{URL}"\n')
    found = class_setting({}, [user, machine])
    assert found is not None and found.url == URL and found.source == str(user)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("url = postgresql://x\n", "line 1"),
        ("server = 'x'\n", "has no url"),
        ('url = ""\n', "has no url"),
    ],
)
def test_a_bad_config_file_is_named_with_what_is_wrong(
    tmp_path: Path, text: str, words: str
) -> None:
    file = tmp_path / "classroom.toml"
    file.write_text(text)
    with pytest.raises(SettingProblem, match=words) as problem:
        class_setting({}, [file])
    assert str(problem.value).startswith(f"{file}: ")

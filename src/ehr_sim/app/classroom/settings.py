"""Where a lab machine finds its class server: a setting an instructor deploys without
admin rights on the machine.

In order: the environment variable EHR_SIM_CLASS_URL; `classroom.toml` in the user's config
folder (~/.config/ehr-sim on Linux); `classroom.toml` in the machine's config folder
(/etc/xdg/ehr-sim on Linux, written once by whoever sets up the lab). The file holds one line:

    url = "postgresql://lab:PASSWORD@class-server/ehr_sim"

No setting means home use: attempts stay on this computer.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import site_config_dir, user_config_dir

ENV_CLASS_URL = "EHR_SIM_CLASS_URL"
FILE_NAME = "classroom.toml"


class SettingProblem(Exception):
    """The class setting exists but cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class ClassSetting:
    url: str
    source: str  # where it was found, in words: "EHR_SIM_CLASS_URL" or the file's path


def setting_files() -> list[Path]:
    """The config files looked at, the user's before the machine's."""
    return [
        Path(user_config_dir("ehr-sim", "EHR Sim")) / FILE_NAME,
        Path(site_config_dir("ehr-sim", "EHR Sim")) / FILE_NAME,
    ]


def class_setting(
    environ: dict[str, str] | None = None, files: list[Path] | None = None
) -> ClassSetting | None:
    """The class server this machine plays on, or None at home."""
    env = os.environ if environ is None else environ
    given = env.get(ENV_CLASS_URL, "").strip()
    if given:
        return ClassSetting(given, ENV_CLASS_URL)
    for path in setting_files() if files is None else files:
        if path.is_file():
            return ClassSetting(_read_url(path), str(path))
    return None


def _read_url(path: Path) -> str:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingProblem(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SettingProblem(f"{path}: is not a text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingProblem(f"{path}: {exc}") from None
    url = data.get("url")
    if not isinstance(url, str) or not url.strip():
        raise SettingProblem(
            f'{path}: has no url = "postgresql://USER:PASSWORD@SERVER/DATABASE" line'
        )
    return url.strip()

"""Where the files that ship with EHR Sim are: the stylesheet and the built-in scenario packs.

In the repository they sit at the top, in `resources/` and `scenarios/`. The wheel carries
both inside the package, as `ehr_sim/resources/` and `ehr_sim/scenarios/` (see
`[tool.hatch.build.targets.wheel]` in pyproject.toml). This module is the one place that
knows both: inside the package first (an installed wheel), then the source checkout the
package was imported from (an editable install, or `src/` on the path).
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = "resources"
SCENARIOS = "scenarios"


def _package_root() -> Path | None:
    # The package's own folder, as importlib.resources.files() would give for a package
    # imported from a folder, without importing importlib.resources (~4 ms before the
    # window shows). A package inside a zip file has no real folder, and the pack loader
    # and Qt need real files.
    root = Path(__file__).resolve().parent
    return root if root.is_dir() else None


def bundled_dir(name: str) -> Path | None:
    """The folder `name` ("resources" or "scenarios") that ships with the app, or None."""
    package = _package_root()
    if package is None:
        return None
    installed = package / name
    if installed.is_dir():
        return installed
    checkout = package.parent.parent  # src/ehr_sim -> the repository's top level
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    return None


def resource(name: str) -> Path | None:
    """A file from resources/ (for example "style.qss"), or None when it is missing."""
    folder = bundled_dir(RESOURCES)
    path = folder / name if folder is not None else None
    return path if path is not None and path.is_file() else None


def builtin_packs_dir() -> Path | None:
    """The folder holding the built-in scenario packs (one subfolder per pack), or None."""
    return bundled_dir(SCENARIOS)

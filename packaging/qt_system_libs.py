"""Find the system libraries Qt's platform plugins need and install them on Debian/Ubuntu.

Run by bootstrap.sh. Prints nothing when everything is present; otherwise installs the
missing Debian packages (as root or through sudo) or says exactly what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# soname prefix -> Debian package (bookworm names; Ubuntu uses the same for these)
DEBIAN_PACKAGES = {
    "libEGL.so": "libegl1",
    "libGL.so": "libgl1",
    "libGLX.so": "libglx0",
    "libOpenGL.so": "libopengl0",
    "libfontconfig.so": "libfontconfig1",
    "libfreetype.so": "libfreetype6",
    "libxkbcommon.so": "libxkbcommon0",
    "libxkbcommon-x11.so": "libxkbcommon-x11-0",
    "libdbus-1.so": "libdbus-1-3",
    "libglib-2.0.so": "libglib2.0-0",
    "libgthread-2.0.so": "libglib2.0-0",
    "libX11.so": "libx11-6",
    "libX11-xcb.so": "libx11-xcb1",
    "libxcb.so": "libxcb1",
    "libxcb-cursor.so": "libxcb-cursor0",
    "libxcb-icccm.so": "libxcb-icccm4",
    "libxcb-image.so": "libxcb-image0",
    "libxcb-keysyms.so": "libxcb-keysyms1",
    "libxcb-randr.so": "libxcb-randr0",
    "libxcb-render.so": "libxcb-render0",
    "libxcb-render-util.so": "libxcb-render-util0",
    "libxcb-shape.so": "libxcb-shape0",
    "libxcb-shm.so": "libxcb-shm0",
    "libxcb-sync.so": "libxcb-sync1",
    "libxcb-util.so": "libxcb-util1",
    "libxcb-xfixes.so": "libxcb-xfixes0",
    "libxcb-xkb.so": "libxcb-xkb1",
    "libxcb-xinput.so": "libxcb-xinput0",
    "libpng16.so": "libpng16-16",
    "libSM.so": "libsm6",
    "libICE.so": "libice6",
}
FONT_PACKAGE = "fonts-dejavu-core"


def qt_binaries() -> list[Path]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    names = [
        "lib/libQt6Core.so.6",
        "lib/libQt6Gui.so.6",
        "lib/libQt6Widgets.so.6",
        "lib/libQt6XcbQpa.so.6",
        "plugins/platforms/libqxcb.so",
        "plugins/platforms/libqoffscreen.so",
    ]
    return [qt / name for name in names if (qt / name).exists()]


def missing_sonames(binaries: list[Path]) -> set[str]:
    missing: set[str] = set()
    for binary in binaries:
        out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if "not found" in line:
                missing.add(line.split()[0])
    return missing


def package_for(soname: str) -> str | None:
    stem = soname.split(".so")[0] + ".so"
    return DEBIAN_PACKAGES.get(stem)


def fonts_present() -> bool:
    return any(Path(d).is_dir() and any(Path(d).rglob("*.ttf")) for d in ("/usr/share/fonts",))


def main() -> int:
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return 0
    missing = missing_sonames(qt_binaries())
    packages = sorted({p for s in missing if (p := package_for(s))})
    unknown = sorted(s for s in missing if package_for(s) is None)
    if not fonts_present():
        packages.append(FONT_PACKAGE)
    if not packages and not unknown:
        return 0
    command = ["apt-get", "install", "-y", "-qq", *packages]
    if packages and "--install" in sys.argv and shutil.which("apt-get"):
        prefix = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
        if prefix is not None:
            print(f"ehr-sim setup: installing Qt's system libraries: {' '.join(packages)}")
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            subprocess.run([*prefix, "apt-get", "update", "-qq"], check=False, env=env)
            done = subprocess.run([*prefix, *command], env=env, stdout=subprocess.DEVNULL)
            if done.returncode == 0:
                packages = []
    if packages:
        print("ehr-sim setup: Qt needs system libraries that are missing. Install them with:")
        print(f"    sudo {' '.join(command)}")
    if unknown:
        print(f"ehr-sim setup: Qt also needs these libraries: {', '.join(unknown)}")
    return 1 if packages or unknown else 0


if __name__ == "__main__":
    sys.exit(main())

"""Before the window opens (`make run`): name the system packages Qt's X11 plugin lacks, found with `ldd`.

When a library of Qt's xcb platform plugin is missing, Qt aborts with "Could not load the Qt platform plugin
"xcb"" and a hint naming libxcb-cursor0 whatever is really missing. This check runs `ldd` on the plugin and
the Qt library behind it and prints the exact install line (apt-get on Debian/Ubuntu, dnf on Fedora).
It imports no Qt: a missing library would stop it the way it stops the app.

Run as `python -m microfactory_desk.qt_libs`: exit 0 when nothing is missing (or the check does not apply),
1 after printing what to install.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package): the libraries Qt's xcb plugin and Qt itself load.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libICE.so.6": ("libice6", "libICE"),
    "libSM.so.6": ("libsm6", "libSM"),
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
# Platforms that do not load the xcb plugin: nothing to check.
OTHER_PLATFORMS = ("offscreen", "minimal", "wayland", "eglfs", "linuxfb", "vnc")


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames `ldd` reports as "not found", each once, in the order found."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin inside the installed PySide6 (found without importing Qt), or None."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def run_ldd(path: Path) -> str:
    """`ldd path` output ("" when ldd is not installed)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return ""
    return subprocess.run([ldd, str(path)], capture_output=True, text=True, check=False).stdout


def distribution(os_release: str) -> str:
    """ "debian" (Debian, Ubuntu and their kin), "fedora" (Fedora, RHEL and kin) or "" from /etc/os-release text."""
    fields = dict(re.findall(r'^(ID|ID_LIKE)="?([^"\n]*)"?$', os_release, re.MULTILINE))
    names = f"{fields.get('ID', '')} {fields.get('ID_LIKE', '')}".split()
    if any(n in ("debian", "ubuntu") for n in names):
        return "debian"
    if any(n in ("fedora", "rhel", "centos") for n in names):
        return "fedora"
    return ""


def install_lines(missing: list[str], distro: str) -> list[str]:
    """The command(s) that install what is missing: one for `distro`, or both when it is not known.

    Libraries this table does not know are named as they are, for the person to look up.
    """
    lines = []
    for name, column, command in (("debian", 0, "sudo apt-get install -y"), ("fedora", 1, "sudo dnf install -y")):
        if distro and distro != name:
            continue
        packages = list(dict.fromkeys(PACKAGES[lib][column] for lib in missing if lib in PACKAGES))
        if packages:
            lines.append(f"{command} {' '.join(packages)}")
    unknown = [lib for lib in missing if lib not in PACKAGES]
    if unknown:
        lines.append("and the packages that provide: " + ", ".join(unknown))
    return lines


def report(missing: list[str], distro: str) -> str:
    """The message printed instead of Qt's hint."""
    lines = [
        "Qt cannot open a window: its X11 platform plugin (xcb) needs system libraries that are not installed:",
        *(f"  {lib}" for lib in missing),
        "Install them with:",
        *(f"  {line}" for line in install_lines(missing, distro)),
    ]
    return "\n".join(lines)


def main() -> int:
    """Check the xcb plugin's libraries; print what to install and return 1 when some are missing."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform.startswith(OTHER_PLATFORMS):
        return 0
    plugin = xcb_plugin()
    if plugin is None:
        return 0
    output = run_ldd(plugin)
    # The plugin loads Qt's own xcb library; its needs are listed under the plugin's by ldd already.
    missing = missing_libraries(output)
    if not missing:
        return 0
    try:
        os_release = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        os_release = ""
    print(report(missing, distribution(os_release)), file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())

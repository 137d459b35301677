"""`make run`'s first-start check: the missing libraries of Qt's xcb plugin named with their install line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from microfactory_desk import qt_libs

README = Path(__file__).resolve().parents[1] / "README.md"
LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f97)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f97)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibfoo-odd.so.2 => not found
"""
UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\n'


def test_missing_libraries_are_read_from_ldd_once_each() -> None:
    """Only the "not found" lines count, each library once, in ldd's order."""
    assert qt_libs.missing_libraries(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfoo-odd.so.2"]


def test_the_install_line_names_the_real_packages_not_qts_hint() -> None:
    """The review's case: icccm and keysyms missing -> their packages, not libxcb-cursor0 (which was installed)."""
    missing = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert qt_libs.install_lines(missing, "debian") == ["sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1"]
    assert qt_libs.install_lines(missing, "fedora") == ["sudo dnf install -y xcb-util-wm xcb-util-keysyms"]
    both = qt_libs.install_lines([*missing, "libfoo-odd.so.2"], "")
    assert both[0].startswith("sudo apt-get") and both[1].startswith("sudo dnf") and "libfoo-odd.so.2" in both[2]


@pytest.mark.parametrize(("text", "distro"), [(UBUNTU, "debian"), (FEDORA, "fedora"), ("ID=arch\n", "")])
def test_the_distribution_is_read_from_os_release(text: str, distro: str) -> None:
    """Ubuntu counts as Debian (ID_LIKE), Fedora as Fedora, anything else gets both lines."""
    assert qt_libs.distribution(text) == distro


def test_main_prints_the_line_and_stops_make_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With libraries missing the check prints what to install on stderr and exits 1; offscreen skips it."""
    monkeypatch.setattr(qt_libs, "xcb_plugin", lambda: tmp_path / "libqxcb.so")
    monkeypatch.setattr(qt_libs, "run_ldd", lambda _path: LDD)
    monkeypatch.setattr(qt_libs.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "")
    assert qt_libs.main() == 1
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4" in err and "install -y" in err and "libxcb-cursor0" not in err
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert qt_libs.main() == 0


def test_every_x_library_of_the_installed_plugin_has_its_packages() -> None:
    """The table covers every xcb/xkb/X11 library the installed PySide6 xcb plugin links (read with real ldd)."""
    plugin = qt_libs.xcb_plugin()
    if plugin is None or not qt_libs.run_ldd(plugin):
        pytest.skip("no xcb plugin or no ldd on this machine")
    linked = re.findall(r"^\s*(lib(?:xcb|xkb|X11)[^\s]*\.so\.\d+)\s+=>", qt_libs.run_ldd(plugin), re.MULTILINE)
    assert linked and [lib for lib in linked if lib not in qt_libs.PACKAGES] == []


def test_readme_rows_are_not_repeated_and_links_stay_in_the_repository() -> None:
    """No table row twice; no link leaving the repository; the Debian line installs only packages the check knows."""
    text = README.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    assert len(rows) == len(set(rows))
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert not [link for link in links if "://" in link or link.startswith("..")]
    assert all((README.parent / link).exists() for link in links)
    apt = re.search(r"sudo apt-get install -y (.+?)\n```", text, re.DOTALL)
    assert apt is not None
    named = set(apt[1].replace("\\", " ").split())
    assert named <= {debian for debian, _fedora in qt_libs.PACKAGES.values()}


def test_starting_the_app_directly_names_the_missing_libraries_before_qt_aborts() -> None:
    """Not only `make run`: the app started by itself, when Qt's platform plugin cannot load, prints the
    install line before Qt's abort (the check's ldd output is replaced by one naming a missing library)."""
    import os
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        from microfactory_desk import qt_libs
        qt_libs.run_ldd = lambda _path: "\\tlibxcb-icccm.so.4 => not found\\n"
        from microfactory_desk.ui.app import application
        application()
        print("window system reached")
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"  # with no display to reach, the plugin cannot start
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "window system reached" not in result.stdout
    assert "libxcb-icccm.so.4" in result.stderr and "Install them with" in result.stderr, result.stderr[-2000:]
    assert 'platform plugin "xcb"' in result.stderr  # Qt's own message is still printed

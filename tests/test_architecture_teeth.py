"""Proof the architecture checker bites: a copy of the package gets one violation of each kind (each rule, each
import form, each way of using a service class) and each must be reported, in the lines planted; allowed
look-alikes added to the same copy must not be. A plant or control whose file exists is appended to it, so the
ground modules (errors.py, paths.py, clock.py, db.py), cli.py and wiring.py are planted in too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.architecture import Finding, all_findings, dto_classes, service_classes
from tests.architecture.plants_code import CODE_PLANTS, CONTROLS, HELPERS
from tests.architecture.plants_imports import IMPORT_PLANTS

PLANTS = IMPORT_PLANTS + CODE_PLANTS

PACKAGE = Path(__file__).resolve().parent.parent / "microfactory_desk"

Span = tuple[str, int, int]  # path as findings show it, first and last line of what was added


def _add(root: Path, relative: str, source: str) -> Span:
    """Write `source` as a new module, or append it to the module that exists; the lines it occupies."""
    path = root / relative
    before = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    first = len(before) + 2 if before else 1
    path.write_text("\n".join([*before, ""]) + "\n" + source if before else source, encoding="utf-8")
    return f"microfactory_desk/{relative}", first, first + source.count("\n")


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Span], list[Span]]:
    """A copy of the package with every plant, helper and control added: its root, each plant's span, the controls'."""
    root = tmp_path_factory.mktemp("copy") / "microfactory_desk"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    spans = {plant_id: _add(root, relative, source) for plant_id, _, relative, source in PLANTS}
    for relative, source in HELPERS:
        _add(root, relative, source)
    controls = [_add(root, relative, source) for relative, source in CONTROLS]
    return root, spans, controls


@pytest.fixture(scope="module")
def reported(planted: tuple[Path, dict[str, Span], list[Span]]) -> list[Finding]:
    """The checker's report on the planted copy."""
    return all_findings(planted[0])


def _inside(finding: Finding, span: Span) -> bool:
    return finding.path == span[0] and span[1] <= finding.line <= span[2]


@pytest.mark.parametrize(("plant_id", "rule"), [(p[0], p[1]) for p in PLANTS], ids=[p[0] for p in PLANTS])
def test_planted_violation_is_reported(
    plant_id: str, rule: str, planted: tuple[Path, dict[str, Span], list[Span]], reported: list[Finding]
) -> None:
    """Each planted violation is reported under its rule within its own lines, so no rule passes vacuously."""
    span = planted[1][plant_id]
    assert any(f.rule == rule and _inside(f, span) for f in reported), (span, [str(f) for f in reported])


def test_allowed_lookalikes_are_not_reported(
    planted: tuple[Path, dict[str, Span], list[Span]], reported: list[Finding]
) -> None:
    """Lazy GUI imports in commands, service names in annotations, static helpers and subclasses inside services/,
    the database label, prose, portable functions, docstrings and services built in the roots all pass."""
    assert [str(f) for f in reported if any(_inside(f, span) for span in planted[2])] == []


def test_an_unannotated_service_is_recognised(planted: tuple[Path, dict[str, Span], list[Span]]) -> None:
    """A class under services/ taking `db` without annotations, or named like a service, is a service to rule 4."""
    assert {"Hidden", "HiddenService", "Audited"} <= service_classes(planted[0])


def test_planted_dto_types_are_listed(planted: tuple[Path, dict[str, Span], list[Span]]) -> None:
    """namedtuple(...), NamedTuple("X", ...), make_dataclass and a subclass of a schema class under services/
    are DTOs that belong in schemas/."""
    prefix = "microfactory_desk/services/p_dto.py: "
    assert {prefix + n for n in ("Point", "Pair", "Made", "Extended", "Shape")} <= set(dto_classes(planted[0]))

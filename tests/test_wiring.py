"""The composition root: one container builds each service once and hands each the services it needs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from functools import cached_property

from microfactory_desk.db import Database
from microfactory_desk.wiring import Services

SERVICE_NAMES = sorted(name for name, value in vars(Services).items() if isinstance(value, cached_property))


def test_every_service_is_built_once_per_container(db: Database) -> None:
    """Each property builds its service on first use and returns that same instance afterwards."""
    services = Services(db)
    assert len(SERVICE_NAMES) >= 20
    first = {name: getattr(services, name) for name in SERVICE_NAMES}
    assert all(getattr(services, name) is first[name] for name in SERVICE_NAMES)
    assert len({id(service) for service in first.values()}) == len(SERVICE_NAMES)
    other = Services(db)
    assert all(getattr(other, name) is not first[name] for name in SERVICE_NAMES)


def test_collaborators_are_the_shared_instances(db: Database) -> None:
    """A service that needs another gets the container's instance, never a copy of its own."""
    services = Services(db)
    assert services.order_files._orders is services.orders
    assert services.orders._pricing is services.pricing
    assert services.sla_files._roster is services.roster
    assert services.sla_files._sla is services.sla
    assert services.scorecard_files._scorecards is services.scorecards
    assert services.inspection_reports._inspections is services.inspections


def test_shared_services_work_on_the_container_database(db: Database) -> None:
    """Services built by the container read the database they were given (a first, empty one)."""
    services = Services(db)
    assert services.orders.list_orders().rows == []
    assert services.templates.ensure_shipped() > 0
    assert Services(db).templates.ensure_shipped() == 0  # the same database, seen by a second container


def test_building_the_container_and_the_light_reads_loads_no_orm(db: Database) -> None:
    """Start-up stays light: the container, a roster page and the dashboard load no SQLAlchemy, pydantic or models."""
    script = textwrap.dedent(
        """
        import sys
        from microfactory_desk.db import open_database
        from microfactory_desk.schemas.roster_rows import RosterQuery
        from microfactory_desk.wiring import Services

        from microfactory_desk import clock

        services = Services(open_database(sys.argv[1]))
        services.roster_list.page(RosterQuery()), services.dashboard.load(clock.today())
        # The same list as benchmarks/startup_probe.py: none of them may load before the first paint.
        heavy = [
            m
            for m in ("sqlalchemy", "pydantic", "alembic", "openpyxl", "reportlab", "microfactory_desk.models")
            if m in sys.modules
        ]
        services.roster  # an ORM-backed service loads the models on first use
        print(heavy, "microfactory_desk.models" in sys.modules)
        """
    )
    db.close()
    result = subprocess.run(
        [sys.executable, "-c", script, str(db.file)], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["[]", "True"]


def test_the_window_uses_the_same_container(db: Database) -> None:
    """The GUI's AppServices is the wiring container (same names, same sharing) plus the app's chores."""
    from microfactory_desk.ui.app import AppServices, open_services

    db.close()
    services = open_services(str(db.file), create=False)
    try:
        assert isinstance(services, AppServices) and isinstance(services, Services)
        assert services.order_files._orders is services.orders
        assert services.inspection_reports._inspections is services.inspections
    finally:
        services.db.close()

"""The one lookup by code: any case, spaces ignored, the same NotFound wording people saw before."""

from __future__ import annotations

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.models import Partner, Sku
from microfactory_desk.schemas.orders import SkuIn
from microfactory_desk.services.common.records import by_code, find_by_code, id_by_code
from microfactory_desk.wiring import Services
from tests.services import attention_data as make


def test_by_code_finds_any_case_and_names_what_is_missing(db: Database) -> None:
    """` mf-7 ` finds MF-7 in the ORM and on the light path; a missing code raises NotFound naming the kind."""
    pid = make.partner(db, "MF-7", "Seven")
    sku = make.sku(db, "MF-LAMP")
    with db.session() as session:
        assert by_code(session, Partner, " mf-7 ", "partner").id == pid
        assert find_by_code(session, Sku, "mf-lamp").id == sku  # type: ignore[union-attr]
        assert find_by_code(session, Partner, "MF-8") is None
        with pytest.raises(NotFound, match=r"^No SKU with code 'NOPE'\.$"):
            by_code(session, Sku, "NOPE", "SKU")
    assert (id_by_code(db, "partner", "Mf-7"), id_by_code(db, "partner", "MF-8")) == (pid, None)


def test_callers_keep_their_messages(db: Database) -> None:
    """The roster, the SKU catalogue, scorecards and delivery imports say what they said before; clashes any case."""
    make.partner(db, "MF-7", "Seven")
    make.sku(db, "MF-LAMP")
    services = Services(db)
    with pytest.raises(NotFound, match=r"^No partner with code 'MF-9'\.$"):
        services.roster.find_id("MF-9")
    with pytest.raises(NotFound, match=r"^No SKU with code 'X-1'\.$"):
        services.skus.get_by_code("X-1")
    with pytest.raises(NotFound, match=r"^No partner with code 'MF-9'\.$"):
        services.scorecards.partner_id("MF-9")
    assert services.skus.get_by_code("mf-lamp").code == "MF-LAMP"
    lamp = SkuIn(code="mf-lamp", name="Lamp shade")
    with pytest.raises(ValidationFailed, match="already in the catalogue"):
        services.skus.save_sku(lamp)  # a new SKU under a code in use, in another case
    stored = services.skus.get_by_code("MF-LAMP")
    assert services.skus.save_sku(lamp, stored.id).code == "mf-lamp"  # its own code is no clash
    with pytest.raises(NotFound, match=r"^SKU #4242 no longer exists\.$"):
        services.skus.save_sku(SkuIn(code="NEW-1", name="New"), 4242)

"""Demo SKU catalogue: core products, experimental ones and their regional variants."""

from __future__ import annotations

import json
import random

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from microfactory_desk.models import Sku
from microfactory_desk.models.base import new_uuid
from microfactory_desk.schemas.text import fold

# (code stem, name, category, unit, experimental)
_PRODUCTS = (
    ("TEE", "Organic cotton tee", "Apparel", "pcs", False),
    ("HOOD", "Recycled fleece hoodie", "Apparel", "pcs", False),
    ("CAP", "Waxed canvas cap", "Accessories", "pcs", False),
    ("TOTE", "Heavy canvas tote", "Accessories", "pcs", False),
    ("MUG", "Stoneware mug", "Home goods", "pcs", False),
    ("BOX", "Kraft gift box", "Packaging", "pcs", False),
    ("SLV", "Mycelium phone sleeve", "Prototypes", "pcs", True),
    ("LAMP", "3D-printed lamp shade", "Limited drops", "pcs", True),
    ("SOCK", "Merino city socks", "Apparel", "pair", True),
    ("BAG", "Upcycled sail bag", "Limited drops", "pcs", True),
    ("KIT", "Pop-up display kit", "Packaging", "set", True),
    ("CUP", "Reusable festival cup", "Home goods", "pcs", True),
)
# Regional variants of experimental products: (code suffix, region, locale).
_REGIONS = (("PLS", "PL-South", "pl-PL"), ("DEB", "DE-Berlin", "de-DE"), ("FRP", "FR-Paris", "fr-FR"))
_COLOURS = ("olive", "ink", "sand", "rust")
_SIZES = ("S", "M", "L")


def demo_sku_rows() -> list[dict[str, object]]:
    """The catalogue rows: every product, plus two regional variants of each experimental one (the same every load)."""
    rows: list[dict[str, object]] = []
    for stem, name, category, unit, experimental in _PRODUCTS:
        rng = random.Random(stem)
        attributes: dict[str, str] = {"colour": rng.choice(_COLOURS)}
        if category == "Apparel":
            attributes["size"] = rng.choice(_SIZES)
        rows.append(_row(f"MF-{stem}", name, category, unit, experimental, attributes, ""))
        if experimental:
            for suffix, region, locale in rng.sample(_REGIONS, 2):
                variant = {**attributes, "region": region, "locale": locale}
                rows.append(_row(f"MF-{stem}-{suffix}", f"{name} ({region})", category, unit, True, variant, region))
    return rows


def _row(
    code: str, name: str, category: str, unit: str, experimental: bool, attributes: dict[str, str], region: str
) -> dict[str, object]:
    text = " ".join([code, name, category, *attributes.values()])
    return {
        "uuid": new_uuid(),
        "code": code,
        "name": name,
        "category": category,
        "unit": unit,
        "attributes": json.dumps(attributes, ensure_ascii=False, sort_keys=True),
        "region": region,
        "experimental": experimental,
        "active": True,
        "notes": "Experimental: small batches, quick reorders." if experimental else "",
        "search_text": fold(text),
    }


def add_demo_skus(session: Session) -> list[int]:
    """Add the demo catalogue (codes already present are kept as they are); the ids of all demo SKUs."""
    rows = demo_sku_rows()
    codes = [str(r["code"]) for r in rows]
    present = set(session.scalars(select(Sku.code).where(Sku.code.in_(codes))))
    missing = [r for r in rows if r["code"] not in present]
    if missing:
        session.execute(insert(Sku), missing)
    return list(session.scalars(select(Sku.id).where(Sku.code.in_(codes)).order_by(Sku.id)))

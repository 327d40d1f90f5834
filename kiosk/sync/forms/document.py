"""The forms document the tablet downloads (GET /api/v1/forms) and its ETag."""

from __future__ import annotations

import copy
import hashlib
import json

from sqlalchemy import select

from kiosk import cache
from kiosk.extensions import db
from kiosk.files.identity import province_codes
from kiosk.models import Office
from kiosk.sync.forms.definitions import published_forms
from kiosk.sync.forms.options import catalogue_sources, publish

# A catalogue edit reaches the tablets' forms within this many seconds.
DOCUMENT_TTL_SECONDS = 10.0


def forms_document(office_id: int) -> dict:
    """{"etag", "forms": [every published version, options resolved], "rules"} (a copy)."""
    return copy.deepcopy(_cached_document(office_id))


def forms_etag(office_id: int) -> str:
    """The hash of the forms document: it changes whenever a form, option or rule changes."""
    return _cached_document(office_id)["etag"]


def rules_data(office_id: int) -> dict:
    """What the tablet's NIK/KK checks read, as kiosk/files/identity.py does: every province
    code ever issued, and the office's kecamatan code (a KK from elsewhere is a warning)."""
    region = db.session.scalar(select(Office.region_code).where(Office.id == office_id))
    return {"provinces": sorted(province_codes()), "region_code": region or ""}


def _cached_document(office_id: int) -> dict:
    return cache.memo("sync.forms", office_id, DOCUMENT_TTL_SECONDS, lambda: _build(office_id))


def _build(office_id: int) -> dict:
    sources = catalogue_sources(office_id)
    body = {
        "forms": [publish(form, sources) for form in published_forms()],
        "rules": rules_data(office_id),
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {"etag": hashlib.sha256(canonical.encode()).hexdigest(), **body}

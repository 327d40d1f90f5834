"""`PUT /api/v1/sync/ops/{op_id}`: one op per record change, run once on the ledger.

201 the first time, 200 for a replay of the identical body, 409 for the same op id with
another body, 422 naming each wrong field. A tablet the office no longer trusts still has
its op stored, in quarantine, before it is refused.
"""

from __future__ import annotations

import datetime as dt
import uuid

from flask_babel import gettext as _

from kiosk import clock
from kiosk.errors import DomainError
from kiosk.models import Device, User
from kiosk.sync.auth import Standing, revoked_message
from kiosk.sync.forms import find_form, validate
from kiosk.sync.ledger import Answer, run_once, scoped_token
from kiosk.sync.records import Incoming, apply_op, op_answer, quarantine_op

# How far back a tablet's own clock is believed for when a record was made (offline days).
MADE_AT_WINDOW = dt.timedelta(days=90)


class InvalidFields(DomainError):
    """The fields do not fit the form: `fields` maps each path to a message."""

    code = "invalid_fields"
    status = 422


class UnknownForm(DomainError):
    code = "unknown_form"
    status = 422


class BadOpId(DomainError):
    code = "invalid_field"
    status = 422


def canonical_uuid(text: str, field: str) -> str:
    """A UUID in its canonical lower-case form, or a 422 naming `field`."""
    try:
        if len(text) > 36:
            raise ValueError(text)
        return str(uuid.UUID(text))
    except ValueError:
        raise BadOpId(_("'%(name)s' harus berupa UUID.", name=field), field=field) from None


def receive_op(
    op_id: str, body: dict, sent: object, device: Device, officer: User | None, standing: Standing
) -> Answer:
    """Run the op once for this tablet; a replay answers what the first run answered.
    `body` is the parsed body, `sent` the JSON as it came (what a replay must match)."""
    op_id = canonical_uuid(op_id, "op_id")
    body = {**body, "record_id": canonical_uuid(body["record_id"], "record_id")}
    client = f"device:{device.id}"
    path = f"/api/v1/sync/ops/{op_id}"
    key = scoped_token(client, op_id)

    def operation() -> tuple[int, dict]:
        if standing is Standing.TRUSTED:
            row = apply_op(checked(key, op_id, body, device.office_id), device, officer)
            return 201, op_answer(op_id, row)
        row = quarantine_op(unchecked(key, op_id, body), device, officer)
        echo = op_answer(op_id, row)
        if standing is Standing.WIPE:
            return 200, {"wipe": True, **echo}
        return 403, {"error": "device_revoked", "message": revoked_message(), **echo}

    return run_once(client, op_id, ("PUT", path, sent), operation)


def checked(key: str, op_id: str, body: dict, office_id: int) -> Incoming:
    """The op with its form found and its fields valid, or a 422."""
    form = find_form(body["form"], body["form_version"])
    if form is None:
        raise UnknownForm(
            _(
                "Formulir %(form)s versi %(version)s tidak dikenal.",
                form=body["form"],
                version=body["form_version"],
            ),
            field="form",
        )
    result = validate(form, body["fields"], office_id)
    errors = dict(result.errors)
    if not errors and set(body["blobs"]) != set(result.blobs):
        errors["blobs"] = _("Daftar foto harus sama dengan foto yang disebut di isian.")
    if errors:
        raise InvalidFields(_("Isian belum benar; periksa yang ditandai."), fields=errors)
    return _incoming(key, op_id, body, form, warnings=bool(result.warnings))


def unchecked(key: str, op_id: str, body: dict) -> Incoming:
    """The op as sent, for quarantine (its form may be unknown, its fields wrong)."""
    return _incoming(key, op_id, body, find_form(body["form"], body["form_version"]))


def _incoming(key: str, op_id: str, body: dict, form, *, warnings: bool = False) -> Incoming:
    return Incoming(
        key=key,
        op_id=op_id,
        record_id=body["record_id"],
        form=form,
        form_id=body["form"],
        form_version=body["form_version"],
        base_version=body.get("base_version"),
        fields=body["fields"],
        made_at=made_at(body.get("made_at")),
        warnings=warnings,
    )


def made_at(stated: dt.datetime | None) -> dt.datetime:
    """When the tablet says the record was made, believed within MADE_AT_WINDOW; else now."""
    now = clock.now()
    if stated is None or stated.tzinfo is None:
        return now
    return min(max(stated, now - MADE_AT_WINDOW), now)

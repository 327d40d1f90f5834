"""Attachments by SHA-256: verified, stored once, private on disk, linked to files/persons."""

from __future__ import annotations

import hashlib
import stat

import pytest
from sqlalchemy import func, select

from kiosk import clock
from kiosk.extensions import db
from kiosk.models import Attachment, Person
from kiosk.sync.blobs import BadBlob, blob_path, link_attachment, store_blob

PHOTO = b"\xff\xd8\xff\xe0 a small jpeg"
SHA = hashlib.sha256(PHOTO).hexdigest()


def test_blob_is_stored_once_under_its_hash_and_private(ctx):
    stored = store_blob(PHOTO, SHA, "image/jpeg")
    again = store_blob(PHOTO, SHA.upper(), "image/jpeg")
    path = blob_path(SHA)
    assert (stored.sha256, stored.size, again.sha256) == (SHA, len(PHOTO), SHA)
    assert path.parts[-3:] == (SHA[:2], SHA[2:4], SHA) and path.read_bytes() == PHOTO
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1


@pytest.mark.parametrize(
    ("data", "name", "kind", "expected"),
    [
        (PHOTO + b"!", SHA, "image/jpeg", "tidak cocok"),
        (PHOTO, "abc", "image/jpeg", "harus SHA-256"),
        (PHOTO, SHA, "jpeg", "tidak dikenali"),
    ],
)
def test_wrong_bytes_name_or_type_are_refused(ctx, data, name, kind, expected):
    with pytest.raises(BadBlob) as refused:
        store_blob(data, name, kind)
    assert refused.value.status == 422 and expected in refused.value.message
    assert not blob_path(SHA).exists()


def test_link_to_a_person(ctx):
    store_blob(PHOTO, SHA, "image/jpeg")
    person = Person(name="Siti", name_key="siti", created_at=clock.now())
    db.session.add(person)
    link = link_attachment(SHA, person=person, name="Foto KK")
    db.session.commit()
    assert link.uuid and link.version == 1 and link.attachment.content_type == "image/jpeg"

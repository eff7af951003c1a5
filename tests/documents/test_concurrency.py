"""Concurrent uploads to one lab on PostgreSQL: whatever the interleaving, the lab's documents
never pass its quota, its running total equals the sizes of its documents, and no client
gets a 5xx."""
import threading

import pytest
from sqlalchemy import func, select

from labnet.documents.models import Document
from labnet.extensions import db
from labnet.labs.models import Lab
from tests.helpers import PDF, bearer, is_postgres, make_lab, make_user, multipart

pytestmark = pytest.mark.postgres_only


def test_concurrent_uploads_never_pass_the_quota(app, monkeypatch):
    if not is_postgres():
        pytest.skip("concurrency is proven against PostgreSQL")
    monkeypatch.setitem(app.config, "LABNET_DOCUMENT_QUOTA_MB", 1)
    lab = make_lab()
    headers = bearer(make_user("lab_manager", labs=[lab]))
    lab_id = lab.id
    db.session.commit()
    size = 300 * 1024  # three fit in 1 MB, not four
    clients = 8
    barrier = threading.Barrier(clients)
    statuses = [None] * clients

    def upload(index):
        body, content_type = multipart({"kind": "other", "title": f"file {index}"},
                                       PDF + bytes([index]) * (size - len(PDF)), "f.pdf",
                                       "application/pdf")
        with app.test_client() as own:
            barrier.wait()
            statuses[index] = own.post(f"/api/v1/labs/{lab_id}/documents", data=body,
                                       content_type=content_type, headers=headers).status_code

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] * 3 + [409] * 5
    db.session.expire_all()
    total = db.session.scalar(select(func.coalesce(func.sum(Document.size), 0))
                              .where(Document.lab_id == lab_id))
    assert total == db.session.get(Lab, lab_id).document_bytes == 3 * size

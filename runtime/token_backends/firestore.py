"""A token in a Google Cloud Firestore document (extra ``firestore``)."""

from __future__ import annotations

from typing import Any

from .base import BaseTokenBackend, CryptographyManager, require_module

__all__ = ["FirestoreBackend"]


class FirestoreBackend(BaseTokenBackend):
    """Stores the token in field ``field_name`` of ``collection_name/document_id``.

    ``client`` is a ``google.cloud.firestore.Client``; when omitted one is created on first
    use with the default Google credentials.
    """

    def __init__(
        self,
        collection_name: Any = "tokens",
        document_id: str | None = None,
        client: Any = None,
        *,
        field_name: str = "token",
        cryptography_manager: CryptographyManager | None = None,
    ) -> None:
        if collection_name is not None and not isinstance(collection_name, str):
            # python-o365's order: FirestoreBackend(client, collection, doc_id)
            collection_name, document_id, client = document_id, client, collection_name
        if not collection_name or not field_name:
            raise ValueError("FirestoreBackend needs a collection_name and a field_name")
        if document_id is not None and (not document_id or "/" in document_id):
            raise ValueError("document_id must be a non-empty id without '/'")
        super().__init__(cryptography_manager=cryptography_manager)
        self.collection_name = collection_name
        self.document_id = document_id or "o365_token"
        self.field_name = field_name
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            firestore = require_module(
                "google.cloud.firestore", extra="firestore", backend="FirestoreBackend"
            )
            self._client = firestore.Client()
        return self._client

    @property
    def collection(self) -> str:
        """python-o365's name for `collection_name`."""
        return str(self.collection_name)

    @property
    def doc_id(self) -> str:
        """python-o365's name for `document_id`."""
        return self.document_id

    @property
    def doc_ref(self) -> Any:
        """The Firestore document the token is in (python-o365's name)."""
        return self._document()

    def _document(self) -> Any:
        return self.client.collection(self.collection_name).document(self.document_id)

    def _read(self) -> bytes | None:
        snapshot = self._document().get()
        if not snapshot.exists:
            return None
        value = (snapshot.to_dict() or {}).get(self.field_name)
        return value.encode("ascii") if isinstance(value, str) and value else None

    def _write(self, data: bytes) -> None:
        self._document().set({self.field_name: data.decode("ascii")}, merge=True)

    def _delete(self) -> bool:
        existed = self._exists()
        self._document().delete()
        return existed

    def _location(self) -> str:
        return f"firestore:{self.collection_name}/{self.document_id}#{self.field_name}"

"""A token in a field of a Django model row (extra ``django``)."""

from __future__ import annotations

from typing import Any

from .base import BaseTokenBackend, CryptographyManager

__all__ = ["DjangoTokenBackend"]


class DjangoTokenBackend(BaseTokenBackend):
    """Stores the token in ``token_field`` (a text or JSON field) of one model row.

    ``user_model`` is either a saved model instance (e.g. ``request.user``) or a model class
    together with ``lookup`` (keyword filters that select exactly one row, created if absent).
    """

    def __init__(
        self,
        user_model: Any,
        token_field: str = "o365_token",
        *,
        lookup: dict[str, Any] | None = None,
        cryptography_manager: CryptographyManager | None = None,
    ) -> None:
        is_class = isinstance(user_model, type)
        if not hasattr(user_model, "_meta"):
            raise TypeError("user_model must be a Django model class or instance")
        if is_class and not lookup:
            raise ValueError("with a model class, pass lookup={...} selecting the row to use")
        if not is_class and lookup:
            raise ValueError("lookup is only used with a model class, not an instance")
        try:
            user_model._meta.get_field(token_field)
        except Exception as exc:  # django.core.exceptions.FieldDoesNotExist
            raise ValueError(
                f"{user_model._meta.label} has no field {token_field!r} for the token"
            ) from exc
        super().__init__(cryptography_manager=cryptography_manager)
        self.user_model = user_model
        self.token_field = token_field
        self.lookup = dict(lookup or {})

    def _model_class(self) -> Any:
        return self.user_model if isinstance(self.user_model, type) else type(self.user_model)

    def _queryset(self) -> Any:
        manager = self._model_class()._default_manager
        if isinstance(self.user_model, type):
            return manager.filter(**self.lookup)
        return manager.filter(pk=self.user_model.pk)

    def _read(self) -> bytes | None:
        row = self._queryset().values_list(self.token_field, flat=True).first()
        return row.encode("ascii") if isinstance(row, str) and row else None

    def _write(self, data: bytes) -> None:
        text = data.decode("ascii")
        if isinstance(self.user_model, type):
            self._model_class()._default_manager.update_or_create(
                defaults={self.token_field: text}, **self.lookup
            )
            return
        updated = self._queryset().update(**{self.token_field: text})
        if not updated:
            raise ValueError("the model instance given to DjangoTokenBackend is not saved")
        setattr(self.user_model, self.token_field, text)

    def _delete(self) -> bool:
        existed = self._exists()
        empty = "" if not self._field_is_nullable() else None
        self._queryset().update(**{self.token_field: empty})
        if not isinstance(self.user_model, type):
            setattr(self.user_model, self.token_field, empty)
        return existed

    def _field_is_nullable(self) -> bool:
        return bool(self._model_class()._meta.get_field(self.token_field).null)

    def _location(self) -> str:
        target = self.lookup if isinstance(self.user_model, type) else {"pk": self.user_model.pk}
        return f"{self._model_class()._meta.label}{target}.{self.token_field}"

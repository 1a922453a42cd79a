"""Tokens in AWS: an S3 object or a Secrets Manager secret (extra ``aws``, boto3)."""

from __future__ import annotations

from typing import Any

from .base import BaseTokenBackend, CryptographyManager, require_module

__all__ = ["AWSS3Backend", "AWSSecretsBackend"]


def _boto3_client(service: str, backend: str, aws_kwargs: dict[str, Any]) -> Any:
    boto3 = require_module("boto3", extra="aws", backend=backend)
    return boto3.client(service, **aws_kwargs)


def _error_code(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", ""))
    return ""


def _client_error(backend: str) -> type[Exception]:
    botocore_exceptions = require_module("botocore.exceptions", extra="aws", backend=backend)
    error: type[Exception] = botocore_exceptions.ClientError
    return error


class AWSS3Backend(BaseTokenBackend):
    """The token is the object ``s3://bucket_name/object_key``.

    ``aws_kwargs`` go to ``boto3.client("s3", ...)`` (``region_name``, ``endpoint_url``...);
    or pass a ready ``client``. The client is created on first use.
    """

    def __init__(
        self,
        bucket_name: str,
        object_key: str | None = None,
        *,
        client: Any = None,
        cryptography_manager: CryptographyManager | None = None,
        filename: str | None = None,
        **aws_kwargs: Any,
    ) -> None:
        object_key = object_key or filename  # python-o365 calls the object's key `filename`
        if not bucket_name or not object_key:
            raise ValueError("AWSS3Backend needs a bucket_name and an object_key")
        super().__init__(cryptography_manager=cryptography_manager)
        self.bucket_name = bucket_name
        self.object_key: str = object_key
        self._client = client
        self._aws_kwargs = aws_kwargs

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = _boto3_client("s3", "AWSS3Backend", self._aws_kwargs)
        return self._client

    @property
    def filename(self) -> str:
        """python-o365's name for `object_key`."""
        return self.object_key

    def _read(self) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket_name, Key=self.object_key)
        except _client_error("AWSS3Backend") as exc:
            if _error_code(exc) in ("NoSuchKey", "404"):
                return None
            raise
        body: bytes = answer["Body"].read()
        return body

    def _write(self, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket_name,
            Key=self.object_key,
            Body=data,
            ContentType="application/octet-stream",
        )

    def _delete(self) -> bool:
        existed = self._exists()
        self.client.delete_object(Bucket=self.bucket_name, Key=self.object_key)
        return existed

    def _exists(self) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket_name, Key=self.object_key)
        except _client_error("AWSS3Backend") as exc:
            if _error_code(exc) in ("NoSuchKey", "404", "NotFound"):
                return False
            raise
        return True

    def _location(self) -> str:
        return f"s3://{self.bucket_name}/{self.object_key}"


class AWSSecretsBackend(BaseTokenBackend):
    """The token is the string value of the Secrets Manager secret ``secret_name``."""

    def __init__(
        self,
        secret_name: str,
        region_name: str | None = None,
        *,
        client: Any = None,
        cryptography_manager: CryptographyManager | None = None,
        **aws_kwargs: Any,
    ) -> None:
        if region_name is not None:  # python-o365 takes the region second
            aws_kwargs["region_name"] = region_name
        if not secret_name:
            raise ValueError("AWSSecretsBackend needs a secret_name")
        super().__init__(cryptography_manager=cryptography_manager)
        self.secret_name = secret_name
        self._client = client
        self._aws_kwargs = aws_kwargs

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = _boto3_client("secretsmanager", "AWSSecretsBackend", self._aws_kwargs)
        return self._client

    @property
    def region_name(self) -> str | None:
        """The AWS region the secret is in (python-o365's second argument)."""
        region = self._aws_kwargs.get("region_name")
        return str(region) if region else None

    def _read(self) -> bytes | None:
        try:
            answer = self.client.get_secret_value(SecretId=self.secret_name)
        except _client_error("AWSSecretsBackend") as exc:
            if _error_code(exc) == "ResourceNotFoundException":
                return None
            raise
        value = answer.get("SecretString")
        return value.encode("ascii") if isinstance(value, str) else None

    def _write(self, data: bytes) -> None:
        text = data.decode("ascii")
        try:
            self.client.put_secret_value(SecretId=self.secret_name, SecretString=text)
        except _client_error("AWSSecretsBackend") as exc:
            if _error_code(exc) != "ResourceNotFoundException":
                raise
            self.client.create_secret(Name=self.secret_name, SecretString=text)

    def _delete(self) -> bool:
        try:
            self.client.delete_secret(SecretId=self.secret_name, ForceDeleteWithoutRecovery=True)
        except _client_error("AWSSecretsBackend") as exc:
            if _error_code(exc) == "ResourceNotFoundException":
                return False
            raise
        return True

    def _location(self) -> str:
        return f"secret_name={self.secret_name!r}"

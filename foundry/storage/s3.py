"""Storage in an S3-compatible bucket (AWS S3, MinIO, Ceph …) through boto3.

Credentials come the standard boto3 way (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an
instance role …); S3_ENDPOINT_URL points at a non-AWS store.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


class S3Storage:
    """Keys live under an optional prefix in one bucket."""

    def __init__(self, *, bucket: str, prefix: str = "", endpoint_url: str | None = None,
                 region: str | None = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region,
            config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3}))

    def put(self, key: str, data: bytes) -> None:
        """Upload the object."""
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data)

    def get(self, key: str) -> bytes:
        """Download the object; FileNotFoundError when it is not there."""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from error
            raise
        return response["Body"].read()

    def delete(self, key: str) -> None:
        """Delete the object (S3 answers the same whether it was there or not)."""
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)

    def keys(self, prefix: str) -> Iterator[tuple[str, datetime]]:
        """Objects whose key starts with prefix, page by page."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield (item["Key"][len(self.prefix):],
                       item["LastModified"].replace(tzinfo=None))

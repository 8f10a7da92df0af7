"""How runs reach S3 or MinIO: the connection settings, with the client made by boto3 when a run
needs it.

This takes the place of dagster-aws's `S3Resource` (same field names): importing dagster-aws
loads all of its integrations, about a second that every run process paid when it loaded the
code location. Fields left empty fall back to the usual AWS_* variables and profiles.
"""

import dagster as dg
from pydantic import Field


class S3Connection(dg.ConfigurableResource):
    """Endpoint, region and credentials of the example storage's S3 (or MinIO) service."""

    region_name: str | None = Field(default=None, description="Region of the bucket (else AWS_REGION).")
    endpoint_url: str | None = Field(
        default=None, description="Endpoint for MinIO or another S3 service (else AWS_ENDPOINT_URL)."
    )
    profile_name: str | None = Field(default=None, description="An AWS profile to take credentials from.")
    use_ssl: bool = True
    verify: bool | None = Field(default=None, description="Verify TLS certificates (default: yes).")
    aws_access_key_id: str | None = None
    aws_secret_access_key: str | None = Field(
        default=None, description="Give it as an environment variable (dg.EnvVar), never as text."
    )
    aws_session_token: str | None = None

    def __repr_args__(self):
        # pydantic's repr (and str) would show the secret key and the session token.
        for name, value in super().__repr_args__():
            yield name, ("***" if value and name in ("aws_secret_access_key", "aws_session_token") else value)

    def client(self, config):
        """A boto3 S3 client with `config` (a botocore Config: exlib's retries and timeouts)."""
        import boto3

        session = boto3.session.Session(
            profile_name=self.profile_name,
            region_name=self.region_name,
            aws_access_key_id=self.aws_access_key_id,
            aws_secret_access_key=self.aws_secret_access_key,
            aws_session_token=self.aws_session_token,
        )
        return session.client(
            "s3", endpoint_url=self.endpoint_url, use_ssl=self.use_ssl, verify=self.verify, config=config
        )

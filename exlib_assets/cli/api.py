"""`exlib api`: the HTTP API for course-management front ends."""

import json

import click


@click.group()
def api() -> None:
    """The HTTP API: deploy examples, follow runs, release templates, per-course access."""


@api.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(host: str, port: int) -> None:
    """Serve the API (on the state EXLIB_* and DAGSTER_HOME point at, like every command).

    Callers need a token: `exlib token create --name NAME --role admin|lecturer [--course SLUG ...]`.
    """
    import uvicorn

    from exlib_assets.api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


@api.command("openapi")
def openapi() -> None:
    """Print the API's OpenAPI schema (JSON)."""
    from exlib_assets.api.app import create_app

    click.echo(json.dumps(create_app().openapi(), indent=2, sort_keys=True))

"""`exlib api`: the HTTP API for course-management front ends."""

import json

import click


@click.group()
def api() -> None:
    """The HTTP API: deploy examples, follow runs, release templates, per-course access."""


@api.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--run-workers", default=4, show_default=True, type=click.IntRange(1, 64), help="Runs working at once.")
@click.option(
    "--run-queue",
    default=32,
    show_default=True,
    type=click.IntRange(0, 10_000),
    help="Runs waiting for a worker; a deploy request beyond that gets 503 and writes nothing.",
)
def serve(host: str, port: int, run_workers: int, run_queue: int) -> None:
    """Serve the API (on the state EXLIB_* and DAGSTER_HOME point at, like every command).

    Callers need a token: `exlib token create --name NAME --role admin|lecturer [--course SLUG ...]`.
    """
    import uvicorn

    from exlib_assets.api.app import create_app

    uvicorn.run(create_app(run_workers=run_workers, run_queue=run_queue), host=host, port=port, log_level="info")


@api.command("openapi")
def openapi() -> None:
    """Print the API's OpenAPI schema (JSON)."""
    from exlib_assets.api.app import create_app

    click.echo(json.dumps(create_app().openapi(), indent=2, sort_keys=True))

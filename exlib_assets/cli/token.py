"""`exlib token`: bearer tokens for the HTTP API (`exlib api serve`)."""

import dataclasses
import getpass

import click

from exlib_assets.cli.output import emit_json, table
from exlib_assets.core.access import tokens
from exlib_assets.core.access.scope import ROLES
from exlib_assets.core.app import open_app


@click.group()
def token() -> None:
    """Bearer tokens for the HTTP API: an admin may touch every course, a lecturer only theirs."""


@token.command("create")
@click.option("--name", required=True, help="Who holds it, e.g. alice; shown in listings and the history.")
@click.option("--role", type=click.Choice(ROLES), required=True, help="admin: every course; lecturer: --course only.")
@click.option("--course", "course_slugs", multiple=True, help="A course a lecturer may touch (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the token included).")
def create(name: str, role: str, course_slugs: tuple[str, ...], as_json: bool) -> None:
    """Create a token and print it. It is shown this once: only its hash is kept."""
    with open_app() as app, app.db.session() as session:
        created = tokens.create_token(
            session, name=name, role=role, courses=list(course_slugs), created_by=getpass.getuser()
        )
    if as_json:
        emit_json({"token": created.token, **dataclasses.asdict(created.info)})
        return
    scope = "every course" if role == "admin" else ", ".join(created.info.courses)
    click.echo(f"token {name} ({role}; {scope}):")
    click.echo(created.token)
    click.echo("Store it now: it is not shown again. Send it as `Authorization: Bearer TOKEN`.", err=True)


@token.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(as_json: bool) -> None:
    """List the tokens (never their secrets)."""
    with open_app() as app, app.db.session() as session:
        infos = tokens.list_tokens(session)
    if as_json:
        emit_json([dataclasses.asdict(info) for info in infos])
        return
    rows = [
        {
            "name": info.name,
            "role": info.role,
            "courses": ", ".join(info.courses) or ("(all)" if info.role == "admin" else ""),
            "key": info.key_id,
            "created": f"{info.created_at:%Y-%m-%d %H:%M} by {info.created_by or '?'}",
            "revoked": f"{info.revoked_at:%Y-%m-%d %H:%M}" if info.revoked_at else "",
        }
        for info in infos
    ]
    click.echo(table(rows, ["name", "role", "courses", "key", "created", "revoked"]))


@token.command("revoke")
@click.argument("name")
def revoke(name: str) -> None:
    """Revoke token NAME: requests with it are refused from now on."""
    with open_app() as app, app.db.session() as session:
        tokens.revoke_token(session, name)
    click.echo(f"token {name} revoked")

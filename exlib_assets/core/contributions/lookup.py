"""Finding a contribution by the `IDENTIFIER@VERSION` it proposed."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core.db.models import Contribution
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.versions import parse_version


def split_reference(reference: str) -> tuple[str, str]:
    identifier, at, version = reference.rpartition("@")
    if not at or not identifier or not version:
        raise ExlibError(
            f"{reference!r} does not name a contribution: give IDENTIFIER@VERSION as `exlib contribute` printed it, "
            "e.g. itpcp.pgph.py.caesar@1.1-contrib.1."
        )
    parse_version(version)  # a clear error for a malformed tag
    return identifier, version


def require_open(session: Session, reference: str) -> Contribution:
    """The open contribution `reference` names; an error saying why it cannot be decided otherwise."""
    identifier, version = split_reference(reference)
    wanted = parse_version(version).normalized
    rows = session.scalars(
        sa.select(Contribution)
        .where(Contribution.example_identifier == identifier)
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
    ).all()
    for row in rows:
        if parse_version(row.proposed_version).normalized != wanted:
            continue
        if row.status != "open":
            raise ExlibError(
                f"the contribution {reference} was {row.status} already (by {row.resolved_by or 'exlib'})."
            )
        return row
    waiting = [f"{row.example_identifier}@{row.proposed_version}" for row in rows if row.status == "open"]
    hint = f" Open contributions of {identifier}: {', '.join(waiting)}." if waiting else ""
    raise NotFoundError(f"there is no contribution {reference}.{hint}")


def list_contributions(session: Session, *, status: str | None = "open") -> list[Contribution]:
    """Contributions, newest first; `status` None lists every one."""
    query = sa.select(Contribution).order_by(Contribution.created_at.desc(), Contribution.id.desc())
    if status is not None:
        query = query.where(Contribution.status == status)
    return list(session.scalars(query))

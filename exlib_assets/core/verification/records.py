"""Verdicts in the database: one per example version, replaced when the version is verified again."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exlib_assets.core.db.models import ExampleVerification, ExampleVersion, utcnow
from exlib_assets.core.verification.verdict import Verdict


def save_verdict(session: Session, version: ExampleVersion, verdict: Verdict) -> ExampleVerification:
    row = session.scalar(sa.select(ExampleVerification).where(ExampleVerification.version_id == version.id))
    if row is None:
        row = ExampleVerification(version_id=version.id)
        session.add(row)
    data = verdict.to_dict()
    row.digest = version.digest
    row.verdict = verdict.verdict
    row.runner = verdict.runner
    row.reason = verdict.reason or None
    row.reference = data["reference"]
    row.template = data["template"]
    row.seconds = data["seconds"]
    row.network = verdict.network or None
    row.verified_at = utcnow()
    session.flush()
    return row


def verdicts_for(session: Session, version_ids: list[int]) -> dict[int, ExampleVerification]:
    """The current verdict of each of these versions that has one (of its current digest)."""
    if not version_ids:
        return {}
    rows = session.execute(
        sa.select(ExampleVerification)
        .join(ExampleVersion, ExampleVersion.id == ExampleVerification.version_id)
        .where(ExampleVerification.version_id.in_(version_ids), ExampleVerification.digest == ExampleVersion.digest)
    ).scalars()
    return {row.version_id: row for row in rows}


def as_report(row: ExampleVerification) -> dict:
    """A stored verdict in the shape `exlib library verify --json` prints."""
    return {
        "example": row.version.partition_key,
        "verdict": row.verdict,
        "reason": row.reason,
        "reference": row.reference,
        "template": row.template,
        "runner": row.runner,
        "seconds": row.seconds,
        "network": row.network or "",
        "verified_at": row.verified_at.isoformat(),
    }

"""`course_status`: per course, how many contents are deployed, pending, failed, behind the
library or customized, and when the student template was last built.

*Pending* contents are assigned but not yet holding what they are assigned: never deployed,
waiting, or holding another example or a version their constraint no longer allows (a newer
version their constraint allows is an *update available*, counted apart). Archived contents
are not counted, nor are sections (a node like `week1` that only holds other contents).
"""

import pandas as pd

from exlib_assets.core.analytics.sources import Sources
from exlib_assets.core.versions import parse_constraint

COURSE_COLUMNS = [
    "course",
    "title",
    "contents",
    "assigned",
    "deployed",
    "pending",
    "failed",
    "updates_available",
    "behind",
    "customized",
    "open_proposals",
    "last_template_commit",
    "template_built_at",
    "rolled_from",
]


def course_status(sources: Sources, uses: pd.DataFrame) -> pd.DataFrame:
    contents = sources.contents[~sources.contents["archived"]]
    contents = contents[_is_leaf(contents) | contents["assigned_example"].notna() | contents["version"].notna()].copy()
    contents["is_assigned"] = contents["assigned_example"].notna()
    contents["is_deployed"] = contents["status"] == "deployed"
    contents["is_failed"] = contents["status"] == "failed"
    contents["is_pending"] = [
        assigned and not failed and not _holds_what_is_assigned(row)
        for assigned, failed, row in zip(
            contents["is_assigned"], contents["is_failed"], contents.itertuples(index=False), strict=True
        )
    ]
    # A lecturer's edits count wherever they are, also in a folder whose last update failed.
    contents["is_customized"] = contents["version"].notna() & contents["customized"]
    contents["has_update"] = contents["update_available"]
    counts = contents.groupby("course").agg(
        contents=("path", "size"),
        assigned=("is_assigned", "sum"),
        deployed=("is_deployed", "sum"),
        pending=("is_pending", "sum"),
        failed=("is_failed", "sum"),
        updates_available=("has_update", "sum"),
        customized=("is_customized", "sum"),
    )
    behind = uses[uses["versions_behind"] > 0].groupby("course").size().rename("behind")
    proposals = sources.proposals
    open_proposals = proposals[proposals["status"] == "open"].groupby("course").size().rename("open_proposals")
    frame = (
        sources.courses.rename(columns={"template_commit": "last_template_commit"})
        .merge(counts, left_on="course", right_index=True, how="left")
        .merge(behind, left_on="course", right_index=True, how="left")
        .merge(open_proposals, left_on="course", right_index=True, how="left")
    )
    texts = ("course", "title", "rolled_from", "last_template_commit", "template_built_at")
    numbers = [c for c in COURSE_COLUMNS if c not in texts]
    frame[numbers] = frame[numbers].fillna(0).astype(int)
    # A course rolled from none says None, not NaN: the column is text for people and dashboards.
    frame["rolled_from"] = frame["rolled_from"].astype(object).where(frame["rolled_from"].notna(), None)
    return frame[COURSE_COLUMNS].sort_values("course").reset_index(drop=True)


def _holds_what_is_assigned(row) -> bool:
    if row.status != "deployed" or row.version is None or row.deployed_example != row.assigned_example:
        return False
    return parse_constraint(row.constraint).allows(row.version)


def _is_leaf(contents: pd.DataFrame) -> pd.Series:
    """Whether each content holds no other content of its course."""
    parents = set()
    for course, path in zip(contents["course"], contents["path"], strict=True):
        labels = path.split(".")
        parents.update((course, ".".join(labels[:end])) for end in range(1, len(labels)))
    return pd.Series(
        [(course, path) not in parents for course, path in zip(contents["course"], contents["path"], strict=True)],
        index=contents.index,
        dtype=bool,
    )

"""`example_usage`: which examples are used where, at which versions, and how far behind.

A *use* is a course content whose folder holds a version of an example, whatever its last
run said (a folder whose update failed still holds the old version); archived contents, on
their way out, are not uses. It is *behind* by the final releases of its example that are
newer than the version it holds, up to the example's newest release (the version `latest`
resolves to), and *days behind* counts from the day the first of those appeared.
"""

import pandas as pd

from exlib_assets.core.analytics.sources import Sources
from exlib_assets.core.versions import latest_version, parse_version

USE_COLUMNS = [
    "example",
    "course",
    "path",
    "version",
    "newest_version",
    "versions_behind",
    "days_behind",
    "customized",
    "deployed_at",
]
USAGE_COLUMNS = [
    "example",
    "title",
    "language",
    "newest_version",
    "uses",
    "courses",
    "used_in",
    "versions_in_use",
    "uses_behind",
    "max_versions_behind",
    "max_days_behind",
    "customized_share",
    "last_deployed_at",
]


def example_uses(sources: Sources, releases: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per use, with how far behind the newest release it is (`releases`: see `release_facts`)."""
    contents = sources.contents
    held = contents[contents["version"].notna() & ~contents["archived"]]
    uses = held.rename(columns={"deployed_example": "example"})[
        ["example", "course", "path", "version", "customized", "deployed_at"]
    ]
    versions = releases
    uses = uses.merge(
        versions[["example", "tag", "sort_key"]].rename(columns={"tag": "version"}), on=["example", "version"]
    )
    newest = versions[versions["newest"]][["example", "tag", "sort_key"]].rename(
        columns={"tag": "newest_version", "sort_key": "newest_key"}
    )
    uses = uses.merge(newest, on="example", how="left")

    # Pair each use with every final release of its example newer than what it holds.
    finals = versions[~versions["prerelease"]][["example", "sort_key", "created_at"]]
    newer = uses[["example", "course", "path", "sort_key", "newest_key"]].merge(
        finals.rename(columns={"sort_key": "release_key"}), on="example"
    )
    newer = newer[(newer["release_key"] > newer["sort_key"]) & (newer["release_key"] <= newer["newest_key"])]
    behind = newer.groupby(["course", "path"]).agg(
        versions_behind=("release_key", "size"), behind_since=("created_at", "min")
    )
    uses = uses.merge(behind, left_on=["course", "path"], right_index=True, how="left")
    uses["versions_behind"] = uses["versions_behind"].fillna(0).astype(int)
    uses["days_behind"] = (
        ((as_of - uses["behind_since"]).dt.days).fillna(0).clip(lower=0).astype(int)
        if len(uses)
        else pd.Series(dtype=int)
    )
    return uses[USE_COLUMNS].sort_values(["example", "course", "path"]).reset_index(drop=True)


def example_usage(sources: Sources, releases: pd.DataFrame, uses: pd.DataFrame) -> pd.DataFrame:
    """One row per example of the library, used or not: authors want to see both."""
    newest = releases[releases["newest"]].set_index("example")["tag"]
    # Tags oldest first, per example: the order `versions_in_use` lists them in.
    tags_in_order = releases.sort_values("sort_key").groupby("example")["tag"].apply(list)
    uses_of = {example: group for example, group in uses.groupby("example")}
    nothing = uses.iloc[0:0]
    rows = []
    for example in sources.examples.itertuples(index=False):
        mine = uses_of.get(example.example, nothing)
        counts = mine["version"].value_counts()
        rows.append(
            {
                "example": example.example,
                "title": example.title,
                "language": example.language,
                "newest_version": newest.get(example.example),
                "uses": len(mine),
                "courses": mine["course"].nunique(),
                "used_in": {
                    course: sorted(paths) for course, paths in mine.groupby("course")["path"].apply(list).items()
                },
                "versions_in_use": {
                    tag: int(counts[tag]) for tag in tags_in_order.get(example.example, []) if tag in counts
                },
                "uses_behind": int((mine["versions_behind"] > 0).sum()),
                "max_versions_behind": int(mine["versions_behind"].max()) if len(mine) else 0,
                "max_days_behind": int(mine["days_behind"].max()) if len(mine) else 0,
                "customized_share": round(float(mine["customized"].mean()), 4) if len(mine) else 0.0,
                "last_deployed_at": mine["deployed_at"].max() if len(mine) else None,
            }
        )
    frame = pd.DataFrame(rows, columns=USAGE_COLUMNS)
    return frame.sort_values(["uses", "example"], ascending=[False, True]).reset_index(drop=True)


def release_facts(versions: pd.DataFrame) -> pd.DataFrame:
    """`versions` plus whether each is a prerelease and whether it is its example's newest release:
    worked out once per report, for the uses and for the per-example table."""
    versions = versions.copy()
    newest = {example: latest_version(group["tag"]) for example, group in versions.groupby("example")}
    # Typed, so that an empty library still gives boolean masks.
    versions["prerelease"] = pd.Series(
        [parse_version(tag).is_prerelease for tag in versions["tag"]], index=versions.index, dtype=bool
    )
    versions["newest"] = pd.Series(
        [newest[example] == tag for example, tag in zip(versions["example"], versions["tag"], strict=True)],
        index=versions.index,
        dtype=bool,
    )
    return versions

"""A picture of example usage: uses per example, stacked by the version they hold.

Drawn with matplotlib's Agg backend (no display needed) into PNG bytes, which the Dagster UI
shows inline in the materialization's Markdown.
"""

import io

import pandas as pd

from exlib_assets.core.versions import sort_versions

# Enough bars to read on a laptop screen; the table has the rest.
MAX_EXAMPLES = 20


def usage_chart_png(uses: pd.DataFrame) -> bytes | None:
    """A stacked bar chart of the most used examples' uses by version; None when nothing is used."""
    if uses.empty:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    counts = uses.groupby(["example", "version"]).size().unstack(fill_value=0)
    top = counts.sum(axis=1).sort_values(ascending=False).head(MAX_EXAMPLES).index
    counts = counts.loc[top, sort_versions(counts.columns)]
    figure = Figure(figsize=(9, 0.45 * max(len(counts), len(counts.columns) / 2) + 1.4), dpi=80)
    axes = figure.subplots()
    left = pd.Series(0, index=counts.index)
    for version in counts.columns:
        axes.barh(counts.index, counts[version], left=left, label=version)
        left = left + counts[version]
    axes.invert_yaxis()
    axes.set_xlabel("uses (course contents holding it)")
    axes.set_title("Example usage by version")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Outside the bars, so no bar is hidden behind it.
    axes.legend(title="version", fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()

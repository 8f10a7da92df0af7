"""Which library sources moved: ask each remote for its branch head, fetch nothing."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from exlib_assets.core.app import App
from exlib_assets.core.db.models import LibrarySource
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.library_sources.remote import remote_head


@dataclass
class WatchReport:
    moved: dict[str, str] = field(default_factory=dict)  # source name -> new head
    still: list[str] = field(default_factory=list)
    unreachable: dict[str, str] = field(default_factory=dict)  # source name -> why


def sources_that_moved(app: App) -> WatchReport:
    """Every source of the library whose branch head differs from the commit it was last synced at.

    One unreachable source does not hide the others: it is reported with the reason.
    """
    report = WatchReport()
    with app.db.session() as session:
        sources = list(
            session.scalars(
                sa.select(LibrarySource)
                .where(LibrarySource.library == app.storage.library)
                .order_by(LibrarySource.name)
            )
        )
        session.expunge_all()
    for source in sources:
        try:
            head = remote_head(app, source)
        except ExlibError as error:
            report.unreachable[source.name] = str(error)
            continue
        if head == source.synced_commit:
            report.still.append(source.name)
        else:
            report.moved[source.name] = head
    return report

"""The sample library and course shipped with exlib, so a newcomer sees real data at once."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.example_library import ImportReport

SAMPLE_ROOT = Path(__file__).resolve().parent.parent / "sample_library"
SAMPLE_EXAMPLES = SAMPLE_ROOT / "examples"
SAMPLE_NEXT_VERSIONS = SAMPLE_ROOT / "next"
SAMPLE_COURSE = SAMPLE_ROOT / "sample_course.yaml"
SAMPLE_COURSE_SLUG = "prog1_2026"


@dataclass
class SeedReport:
    library: ImportReport
    course: str
    contents: int
    assignments: int
    course_created: bool


def seed_sample(app: App, *, actor: str = "exlib sample") -> SeedReport:
    """Import the sample examples and create the sample course; running it again changes nothing."""
    report = app.library.import_paths([SAMPLE_EXAMPLES])
    spec = yaml.safe_load(SAMPLE_COURSE.read_text())
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.find_course(session, spec["slug"])
        created = course is None
        if created:
            course = courses.create_course(session, app.git_host, spec["slug"], spec.get("title"))
        assignments = 0
        for item in spec["contents"]:
            content = courses.add_content(session, course, item["path"], item.get("title"))
            if item.get("example") and content.assignment is None:
                courses.assign(
                    session, library, content, item["example"], str(item.get("version", "latest")), actor=actor
                )
                assignments += 1
    return SeedReport(
        library=report,
        course=spec["slug"],
        contents=len(spec["contents"]),
        assignments=assignments,
        course_created=created,
    )

"""Names and paths checked by a pattern are refused with a newline at their end: Python's `$`
matches before one, and `week1.hello\n` reached PostgreSQL's ltree as a server error."""

import pytest

from exlib_assets.core.course_paths import check_content_path, check_course_slug
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.githost.base import check_repository_name
from exlib_assets.core.storage.keys import version_prefix

CHECKS = {
    "content path": (check_content_path, "week1.hello"),
    "course slug": (check_course_slug, "prog1_2026"),
    "repository name": (check_repository_name, "prog1_2026-assignments"),
    "storage key": (lambda name: version_prefix("main", name, "1.0"), "itpcp.hello"),
}


@pytest.mark.parametrize("what", CHECKS)
def test_a_trailing_newline_is_refused_where_the_name_itself_is_accepted(what):
    check, good = CHECKS[what]
    check(good)

    with pytest.raises(ExlibError):
        check(good + "\n")

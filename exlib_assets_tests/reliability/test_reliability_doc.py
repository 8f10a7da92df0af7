"""RELIABILITY.md lists every case of the bad input corpus and every hostile repository, exactly
as their lists define them."""

from exlib_assets_tests.reliability import hostile_repositories_table
from exlib_assets_tests.reliability.bad_input_table import DOCUMENT, with_table
from exlib_assets_tests.reliability.corpus import CASES
from exlib_assets_tests.reliability.hostile_repositories import CASES as HOSTILE_REPOSITORIES


def test_the_bad_input_table_is_the_generated_one():
    document = DOCUMENT.read_text()

    assert with_table(document) == document, (
        "RELIABILITY.md's bad input table is out of date; run "
        "`.venv/bin/python -m exlib_assets_tests.reliability.bad_input_table --write`"
    )
    assert all(f"`{case.name}`" in document for case in CASES)


def test_the_hostile_repositories_table_is_the_generated_one():
    document = DOCUMENT.read_text()

    assert hostile_repositories_table.with_table(document) == document, (
        "RELIABILITY.md's hostile repositories table is out of date; run "
        "`.venv/bin/python -m exlib_assets_tests.reliability.hostile_repositories_table --write`"
    )
    assert all(f"`{case.name}`" in document for case in HOSTILE_REPOSITORIES)

"""RELIABILITY.md lists every case of the bad input corpus, exactly as the corpus defines it."""

from exlib_assets_tests.reliability.bad_input_table import DOCUMENT, with_table
from exlib_assets_tests.reliability.corpus import CASES


def test_the_bad_input_table_is_the_generated_one():
    document = DOCUMENT.read_text()

    assert with_table(document) == document, (
        "RELIABILITY.md's bad input table is out of date; run "
        "`.venv/bin/python -m exlib_assets_tests.reliability.bad_input_table --write`"
    )
    assert all(f"`{case.name}`" in document for case in CASES)

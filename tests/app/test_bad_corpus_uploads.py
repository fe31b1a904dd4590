"""Every refused file of the bad-input corpus, uploaded through the Data page.

For each: the page shows the error with its place, no exception escapes, the dataset in use
stays the one loaded before, and what was saved in the database is untouched.
"""

from __future__ import annotations

import pytest

from components.core.state import DatasetRef
from reserving.storage import Repository, open_database
from tests.unit.test_bad_inputs import BAD, EXPECTED, REFUSED

BINARY = "application/octet-stream"
MIME = {"csv": "text/csv", "txt": "text/plain", "xlsx": BINARY, "parquet": BINARY}
# Files the Data page's uploader accepts, refused without any option forced on the command line.
PLAIN = [name for name in REFUSED if not EXPECTED[name].options and name.rsplit(".", 1)[-1] in MIME]


def _saved_counts(repo: Repository) -> tuple[int, int]:
    return len(repo.list_datasets()), len(repo.audit_log())


@pytest.mark.parametrize("name", PLAIN)
def test_refused_upload_shows_its_place_and_changes_nothing(app, name):
    repo = Repository(open_database())
    repo.sync_configured_users({"keeper": "actuary"})
    repo.save_dataset("kept.csv", b"accident_year,development,paid\n2021,12,5\n2022,12,6\n", user="keeper")
    before = _saved_counts(repo)
    ref_before = app.session_state["dataset_ref"]

    expected = EXPECTED[name]
    mime = MIME[name.rsplit(".", 1)[-1]]
    app.file_uploader(key="data_upload").set_value((name, (BAD / name).read_bytes(), mime)).run()

    assert not app.exception
    errors = [element.value for element in app.error]
    place = expected.place(name).describe()
    assert any(place in text and expected.message in text for text in errors), (place, expected.message, errors)
    assert app.session_state["dataset_ref"] == ref_before == DatasetRef("sample", "raa")
    assert app.session_state["uploads"] == ()
    assert _saved_counts(repo) == before

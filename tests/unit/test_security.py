"""Security checks: server limits and XSRF on, no unsafe deserialisation or eval, uploads private to a session.

The source scan walks the syntax tree, so a comment or a docstring that mentions
``pickle.loads`` does not count, while a real call does, however it is imported.
"""

from __future__ import annotations

import ast
import hashlib
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.core.state import DatasetRef, FileBlob, UploadRecord

ROOT = Path(__file__).parents[2]
APP_SOURCES = ("reserving", "components", "app_pages", "app.py")
UPLOAD = ROOT / "tests" / "data" / "app" / "small_paid.csv"

UNSAFE_CALLS = {
    ("pickle", "load"),
    ("pickle", "loads"),
    ("cPickle", "load"),
    ("cPickle", "loads"),
    ("dill", "load"),
    ("dill", "loads"),
    ("marshal", "loads"),
    ("yaml", "load"),
    ("yaml", "unsafe_load"),
    ("pd", "read_pickle"),
    ("pandas", "read_pickle"),
}
"""(module, function) calls that run code from data; yaml.safe_load and json are fine."""
UNSAFE_BUILTINS = {"eval", "exec"}


# ---------------------------------------------------------------------------- config
def test_streamlit_config_limits_uploads_and_protects_against_xsrf():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    size = server["maxUploadSize"]
    assert isinstance(size, int)
    assert 1 <= size <= 1000  # megabytes: set explicitly, and not the "anything goes" of a huge value
    assert server["enableXsrfProtection"] is True
    assert config["runner"]["enforceSerializableSessionState"] is True


# ---------------------------------------------------------------------------- source scan
def unsafe_calls(source: str, file_name: str = "<src>") -> list[str]:
    """Each unsafe call in `source` as 'file:line name', found in the syntax tree (comments never count)."""
    tree = ast.parse(source, filename=file_name)
    aliases: dict[str, tuple[str, str]] = {}  # local name -> (module, function) from `from m import f as g`
    modules: dict[str, str] = {}  # local name -> module, from `import m as n`
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                aliases[alias.asname or alias.name] = (node.module, alias.name)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = None
        if isinstance(func, ast.Name):
            if func.id in UNSAFE_BUILTINS:
                name = func.id
            elif aliases.get(func.id) in UNSAFE_CALLS:
                name = ".".join(aliases[func.id])
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            module = modules.get(func.value.id, func.value.id)
            if (module, func.attr) in UNSAFE_CALLS or (module == "builtins" and func.attr in UNSAFE_BUILTINS):
                name = f"{module}.{func.attr}"
        if name:
            found.append(f"{file_name}:{node.lineno} {name}")
    return found


def app_source_files() -> Iterator[Path]:
    for entry in APP_SOURCES:
        path = ROOT / entry
        if path.is_file():
            yield path
        else:
            yield from sorted(path.rglob("*.py"))


def test_scanner_finds_real_calls_and_ignores_comments_and_strings():
    source = '''
"""Never call pickle.loads(data) or eval(text) here."""
import pickle as pk
import yaml
import builtins
from pickle import loads as unpickle
from builtins import exec
# eval("1 + 1") in a comment is fine
text = "exec('print(1)')"
yaml.safe_load(text)
pk.loads(b"")
unpickle(b"")
yaml.load(text)
eval("1")
exec("x = 1")
builtins.eval("2")
'''
    assert sorted(unsafe_calls(source)) == [
        "<src>:11 pickle.loads",
        "<src>:12 pickle.loads",
        "<src>:13 yaml.load",
        "<src>:14 eval",
        "<src>:15 exec",
        "<src>:16 builtins.eval",
    ]


def test_no_unsafe_deserialisation_or_eval_in_the_app():
    files = list(app_source_files())
    assert any(p.parent.name == "ingest" and p.name == "load.py" for p in files)
    assert any(p.name == "upload.py" for p in files)
    assert ROOT / "app.py" in files
    found = [
        hit for path in files for hit in unsafe_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == []


# ---------------------------------------------------------------------------- session isolation
def fresh_app() -> AppTest:
    """A new session on the Data page (the home page is the Overview)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    return at


def state_of(at: AppTest) -> dict[str, object]:
    """Every key of the session's state (widgets included)."""
    return dict(at._session_state.filtered_state)


def holds_upload(value: object) -> bool:
    if isinstance(value, FileBlob | UploadRecord | bytes):
        return True
    if isinstance(value, tuple | list | set | frozenset):
        return any(holds_upload(v) for v in value)
    if isinstance(value, dict):
        return any(holds_upload(v) for v in value.values())
    return False


@pytest.mark.slow
def test_an_upload_in_one_session_is_invisible_to_another():
    data = UPLOAD.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    first = fresh_app()
    first.file_uploader(key="data_upload").set_value(("small_paid.csv", data, "text/csv")).run()
    first.button(key="data_use").click().run()
    assert not first.exception
    ref = first.session_state["dataset_ref"]
    assert ref.kind == "upload"
    assert [rec.file.sha256 for rec in first.session_state["uploads"]] == [digest]

    second = fresh_app()
    assert second.session_state["dataset_ref"] == DatasetRef("sample", "raa")
    assert second.session_state["uploads"] == ()
    state = state_of(second)
    assert not any(holds_upload(value) for value in state.values())
    assert digest not in repr(state)
    assert ref.id not in repr(state)
    assert "small_paid.csv" not in repr(state)
    assert {m.label: m.value for m in second.metric} == {"incurred": "160,987"}  # RAA, not the upload
    options = second.sidebar.selectbox(key="sidebar_dataset").options
    assert not any(option.startswith("upload:") for option in options)

    # The other session running changed nothing in the first.
    first.run()
    assert first.session_state["dataset_ref"] == ref
    assert {m.label: m.value for m in first.metric} == {"paid": "455"}


def test_upload_limit_matches_the_reader_limit() -> None:
    """Streamlit refuses what ingestion would refuse anyway, so the user hears one limit."""
    from reserving.readers import MAX_FILE_BYTES

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_FILE_BYTES

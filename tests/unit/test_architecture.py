"""The layout rules the code relies on, checked: pure domain, one state module, honest docs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from components.core.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]


def _imports_streamlit(code: str) -> bool:
    probe = f"import sys\n{code}\nprint('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1] == "True"


def test_import_reserving_leaves_streamlit_out():
    assert not _imports_streamlit("import reserving")


def test_no_domain_module_imports_streamlit():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "reserving").rglob("*.py")
        if re.search(r"^\s*(import|from)\s+streamlit\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert not offenders


def test_architecture_lists_every_page():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [spec.path for spec in PAGES if spec.path not in text]
    assert not missing, f"ARCHITECTURE.md does not list {missing}"


def test_registry_and_page_scripts_agree():
    scripts = {str(p.relative_to(ROOT)) for p in (ROOT / "app_pages").glob("*.py") if p.name != "__init__.py"}
    assert {spec.path for spec in PAGES} == scripts
    assert len({spec.slug for spec in PAGES}) == len(PAGES)
    assert sum(spec.default for spec in PAGES) == 1


def test_no_legacy_pages_folder():
    # Streamlit would run scripts in pages/ without app.py on a fresh server (no sidebar, no state).
    assert not (ROOT / "pages").exists()


def test_only_the_state_module_touches_session_state():
    files = [ROOT / "app.py", *(ROOT / "components").rglob("*.py"), *(ROOT / "app_pages").glob("*.py")]
    offenders = [
        str(path.relative_to(ROOT))
        for path in files
        if path.name != "state.py" and "session_state" in path.read_text(encoding="utf-8")
    ]
    assert not offenders


def test_page_config_is_set_once_in_app_py():
    files = [*(ROOT / "components").rglob("*.py"), *(ROOT / "app_pages").glob("*.py")]
    assert all("set_page_config" not in path.read_text(encoding="utf-8") for path in files)
    assert (ROOT / "app.py").read_text(encoding="utf-8").count("st.set_page_config(") == 1


def test_every_page_heading_matches_its_registry_title() -> None:
    """The sidebar label and the page's heading agree, so a user (or a deep link) lands where it says."""
    import re

    from components.core.navigation import PAGES
    from components.i18n.catalogue import translate

    for spec in PAGES:
        source = (ROOT / spec.path).read_text(encoding="utf-8")
        key = re.search(r'st\.title\(t\("([^"]+)"', source)
        assert key, f"{spec.path} has no st.title(t(...)) heading"
        assert translate(key.group(1), "en") == spec.title, spec.path

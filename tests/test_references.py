"""References stay inside the project: no file cites notes a reader of the repository cannot follow, every
document a text cites exists (with the section it names), and every function of balanz or ocppsim a feature or
document names is in their code.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: What the project's own files are made of (tracked, or new and not ignored).
SCOPE = ("features", "docs", "balanz_acceptance", "steps", "environment.py", "README.md", "tests")

#: Notes kept outside the repository for developers: a reader of the project cannot follow them.
OUTSIDE_NOTES = ("balanz-behaviour.md", "ocppsim-reference.md", "fast-profile.md", "anchors.md")
#: A bare section number ("§3.6") is how those notes were cited without their name.
SECTION_NUMBER = re.compile(r"§\s*\d")

#: This file names the notes in order to find them.
THIS_FILE = Path(__file__).resolve().relative_to(ROOT).as_posix()


#: A citation of a document the project keeps: docs/<name>.md, optionally with a section (#anchor).
DOC_CITATION = re.compile(r"(?<![\w/.-])docs/([\w.-]+\.md)(?:#([\w-]+))?")
#: A link inside a document of docs/: (other.md), (other.md#anchor) or (#anchor).
DOC_LINK = re.compile(r"\]\(((?:[\w.-]+\.md)?)(?:#([\w-]+))?\)")
#: A code citation: a module of balanz ("balanz/model.py", "model.py") or ocppsim ("ocppsim.py"), then a name
#: ("Group.balanz", "balanz_loop"), possibly each in backticks.
CODE_CITATION = re.compile(r"(?<![\w/.-])(?:balanz/)?(\w+)\.py`?\s+`?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")


def project_files() -> list[str]:
    """The project's files in SCOPE, relative to ROOT: tracked or new, not ignored (git), else every file."""
    result = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *SCOPE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return sorted({line for line in result.stdout.splitlines() if (ROOT / line).is_file()})
    files = [ROOT / name for name in SCOPE if (ROOT / name).is_file()]
    files += [path for name in SCOPE if (ROOT / name).is_dir() for path in (ROOT / name).rglob("*") if path.is_file()]
    return sorted(path.relative_to(ROOT).as_posix() for path in files if "__pycache__" not in path.parts)


def read(path: str) -> str:
    try:
        return (ROOT / path).read_text(encoding="utf-8")
    except (UnicodeDecodeError, FileNotFoundError):
        return ""


def outside_citations(text: str) -> list[str]:
    """The outside notes the text names, and any bare section number."""
    found = [note for note in OUTSIDE_NOTES if note in text]
    return found + [f"bare section number {m.group()!r}" for m in SECTION_NUMBER.finditer(text)]


def texts() -> list[str]:
    """The files whose prose cites documents and code: features, docs and the README."""
    files = project_files()
    return [f for f in files if f.endswith(".feature") or (f.startswith("docs/") and f.endswith(".md"))] + ["README.md"]


def slug(heading: str) -> str:
    """The anchor a Markdown heading gets (GitHub's rule): lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@cache
def anchors(document: Path) -> frozenset[str]:
    """The anchors of a Markdown document's headings (a repeated heading gets -1, -2, ...)."""
    seen: Counter[str] = Counter()
    result = set()
    for match in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", document.read_text(encoding="utf-8"), re.MULTILINE):
        base = slug(match.group(1))
        result.add(f"{base}-{seen[base]}" if seen[base] else base)
        seen[base] += 1
    return frozenset(result)


# --- notes outside the repository -------------------------------------------------------------------------
def test_the_slug_of_a_heading_is_githubs_anchor():
    assert slug("What a charger's messages change") == "what-a-chargers-messages-change"
    assert slug("Reset, power loss and reconnect") == "reset-power-loss-and-reconnect"
    assert slug("The EV-limit cut") == "the-ev-limit-cut"


def test_the_scope_holds_the_project_s_files():
    files = project_files()
    for expected in ("README.md", "environment.py", "docs/balancing-rules.md", THIS_FILE):
        assert expected in files
    assert any(f.startswith("features/") for f in files) and any(f.startswith("steps/") for f in files)


def test_no_project_file_cites_notes_outside_the_repository():
    offenders = {
        path: found for path in project_files() if path != THIS_FILE and (found := outside_citations(read(path)))
    }
    assert not offenders, (
        "cite balanz's or ocppsim's code (file and function) or a document in docs/ instead of notes "
        f"outside the repository: {offenders}"
    )


# --- documents the project keeps ---------------------------------------------------------------------------
def test_every_cited_document_and_section_exists():
    missing = []
    for path in texts():
        for match in DOC_CITATION.finditer(read(path)):
            document, anchor = ROOT / "docs" / match.group(1), match.group(2)
            if not document.is_file():
                missing.append(f"{path}: {match.group()} (no such document)")
            elif anchor and anchor not in anchors(document):
                missing.append(f"{path}: {match.group()} (no such section)")
    assert not missing, missing


def test_every_link_between_documents_resolves():
    missing = []
    for path in (p for p in texts() if p.startswith("docs/")):
        for match in DOC_LINK.finditer(read(path)):
            document = (ROOT / path).parent / match.group(1) if match.group(1) else ROOT / path
            if not document.is_file():
                missing.append(f"{path}: {match.group()} (no such document)")
            elif match.group(2) and match.group(2) not in anchors(document):
                missing.append(f"{path}: {match.group()} (no such section)")
    assert not missing, missing


def test_the_features_cite_the_rules_documents():
    cited = {m.group(1) for path in texts() if path.endswith(".feature") for m in DOC_CITATION.finditer(read(path))}
    assert {"balancing-rules.md", "simulator.md"} <= cited


# --- balanz's and ocppsim's code -----------------------------------------------------------------------------
def source_modules() -> dict[str, Path]:
    """balanz's modules ("model" → its model.py) and ocppsim's, from the installed packages."""
    modules: dict[str, Path] = {}
    balanz = importlib.util.find_spec("balanz")
    if balanz is not None and balanz.submodule_search_locations:
        package = Path(next(iter(balanz.submodule_search_locations)))
        modules.update({path.stem: path for path in package.glob("*.py") if path.stem != "__init__"})
    ocppsim = importlib.util.find_spec("ocppsim")
    if ocppsim is not None and ocppsim.origin and ocppsim.origin.endswith("ocppsim.py"):
        modules["ocppsim"] = Path(ocppsim.origin)
    return modules


@cache
def defined_names(module: Path) -> frozenset[str]:
    """What a citation of the module may name: its functions, classes and methods (bare or Class.method),
    its module-level variables, and the API commands it dispatches (``command == "GetSessions"``)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names |= {
                f"{node.name}.{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            }
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "command":
            names |= {c.value for c in node.comparators if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return frozenset(names)


def looks_like_code(name: str) -> bool:
    """A name, not an English word: dotted, snake_case or capitalised ("Group.balanz", "balanz_loop", "User")."""
    return "." in name or "_" in name or name[0].isupper()


@pytest.mark.skipif(not source_modules(), reason="balanz and ocppsim are not installed in this interpreter")
def test_every_cited_function_is_in_balanz_s_or_ocppsim_s_code():
    modules = source_modules()
    unknown = []
    for path in texts():
        for match in CODE_CITATION.finditer(read(path)):
            module, name = modules.get(match.group(1)), match.group(2)
            if module is not None and looks_like_code(name) and name not in defined_names(module):
                unknown.append(f"{path}: {match.group()!r}: {module.name} defines no {name}")
    assert not unknown, unknown

"""The Python examples of the docs run, in order, from the repository root."""

from __future__ import annotations

import os
import re

import pytest

from conftest import DOCS, ROOT, optional

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@pytest.mark.parametrize("page", ["python.md"])
def test_docs_python_blocks_run(page: str, capsys: pytest.CaptureFixture[str]) -> None:
    optional("pyarrow")
    optional("pandas")
    blocks = BLOCK.findall((DOCS / page).read_text(encoding="utf-8"))
    assert blocks, f"no python blocks in docs/{page}"
    namespace: dict = {"__name__": "__docs__"}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for i, code in enumerate(blocks):
            exec(compile(code, f"docs/{page}[block {i}]", "exec"), namespace)
    finally:
        os.chdir(cwd)
    print(f"docs/{page}: ran {len(blocks)} python blocks")


def test_readme_python_quickstart_runs() -> None:
    blocks = BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert blocks, "README has no python quickstart"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for code in blocks:
            exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})
    finally:
        os.chdir(cwd)

"""The native module matches its stub (`_eql.pyi`), checked by mypy.stubtest."""

from __future__ import annotations

import subprocess
import sys

from conftest import optional


def test_stubtest() -> None:
    optional("mypy")
    r = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "eql._eql"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_package_typechecks() -> None:
    optional("mypy")
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "-p", "eql"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr

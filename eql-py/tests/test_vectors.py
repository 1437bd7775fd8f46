"""Golden vectors (SPEC section 7) through the Python binding.

Every file under tests/vectors/ and $EQL_EXTRA_VECTORS runs here with the
same dispatch and comparison as the Rust runner (eql-core/tests/vectors/),
and each case's actual result must equal the Rust runner's, which it writes
with EQL_VECTOR_OUT (taken from $EQL_RUST_VECTOR_OUT when the test script
has produced it, else produced here with cargo).
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
from collections import defaultdict
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from eql import _eql
from eql.errors import EqlError

from conftest import ROOT, VECTORS

COMMENT_KEYS = ("note", "about")


def _files() -> List[pathlib.Path]:
    files = sorted(VECTORS.rglob("*.json"))
    extra = os.environ.get("EQL_EXTRA_VECTORS")
    if extra:
        folder = pathlib.Path(extra)
        if not folder.is_dir():
            raise AssertionError(f"EQL_EXTRA_VECTORS: cannot read {folder}")
        files += sorted(folder.rglob("*.json"))
    return files


def _attempt(f: Callable[[], str]) -> Any:
    try:
        return json.loads(f())
    except EqlError as e:
        return {"error": e.code}


def _qualify(file: Dict[str, Any]) -> List[Tuple[str, Any, Any]]:
    registry = json.dumps(file["registry"]) if "registry" in file else None
    model = _eql.CompiledModel(json.dumps(file["model"]), registry)
    out = []
    for i, case in enumerate(file["cases"]):
        lead = case["lead"]
        name = lead.get("id") if isinstance(lead, dict) and isinstance(lead.get("id"), str) else f"#{i}"
        actual = _attempt(lambda: model.score_json(json.dumps(lead), file["as_of"]))
        out.append((name, actual, case.get("expected")))
    return out


def _attribution(file: Dict[str, Any]) -> List[Tuple[str, Any, Any]]:
    out = []
    for i, case in enumerate(file["cases"]):
        name = case["name"] if isinstance(case.get("name"), str) else f"#{i}"
        model = case["model"] if "model" in case else file.get("model")
        lookback = case["lookback_days"] if "lookback_days" in case else file.get("lookback_days")
        registry = case["registry"] if "registry" in case else file.get("registry")
        options: Dict[str, Any] = {"lookback_days": lookback}
        if registry is not None:
            options["registry"] = registry
        journey = {"touchpoints": case.get("touchpoints"), "conversion": case.get("conversion")}
        actual = _attempt(
            lambda: _eql.attribute_json(json.dumps(model), json.dumps(journey), json.dumps(options))
        )
        out.append((name, actual, case.get("expected")))
    return out


def _dedup_key(file: Dict[str, Any]) -> List[Tuple[str, Any, Any]]:
    out = []
    for i, case in enumerate(file["cases"]):
        email = case["email"]
        partner = case.get("partner_id") if isinstance(case.get("partner_id"), str) else None
        name = case["name"] if isinstance(case.get("name"), str) else f"#{i} {email}"
        try:
            actual: Any = {"key": _eql.dedup_key(email, partner)}
        except EqlError as e:
            actual = {"error": e.code}
        out.append((name, actual, case.get("expected")))
    return out


def _utm(file: Dict[str, Any]) -> List[Tuple[str, Any, Any]]:
    registry = json.dumps(file["registry"]) if "registry" in file else None
    out = []
    for i, case in enumerate(file["cases"]):
        url = case["url"]
        referrer = case.get("referrer") if isinstance(case.get("referrer"), str) else None
        name = case["name"] if isinstance(case.get("name"), str) else f"#{i} {url}"
        actual = _attempt(lambda: _eql.classify_json(url, referrer, registry))
        out.append((name, actual, case.get("expected")))
    return out


def _report(file: Dict[str, Any]) -> List[Tuple[str, Any, Any]]:
    out = []
    for i, case in enumerate(file["cases"]):
        name = case["name"] if isinstance(case.get("name"), str) else f"#{i}"
        actual = _attempt(lambda: _eql.build_report_json(json.dumps(case["input"])))
        out.append((name, actual, case.get("expected")))
    return out


def _pick(file: Dict[str, Any], case: Dict[str, Any], key: str) -> Any:
    return case[key] if key in case else file.get(key)


def _routing_case(file: Dict[str, Any], case: Dict[str, Any]) -> str:
    """The Rust runner's ops (eql-core/tests/vectors/routing.rs), as JSON text."""
    op = case["op"]
    if op == "sla":
        policy = _pick(file, case, "policy")
        policy_json = json.dumps(policy if policy is not None else {})
        if "as_of" in case:
            return _eql.sla_status_json(policy_json, case["started_at"], case["as_of"])
        return json.dumps({"deadline": _eql.sla_deadline_json(policy_json, case["started_at"])})
    if op == "route":
        config = json.dumps(_pick(file, case, "config"))
        state = json.dumps(case["state"]) if "state" in case else None
        reps, assignments = [], []
        for lead in case["leads"]:
            step = json.loads(_eql.route_json(config, json.dumps(lead), state))
            assignment = step["assignment"]
            reps.append(assignment.get("rep_id") if assignment.get("status") == "assigned" else None)
            assignments.append(assignment)
            state = json.dumps(step["state"])
        if state is None:
            raise AssertionError("a route case needs `leads` or a `state`")
        return json.dumps({"reps": reps, "assignments": assignments, "state": json.loads(state)})
    if op == "status_updates":
        return json.dumps({"updates": json.loads(_eql.partner_status_updates_json(json.dumps(case["events"])))})
    raise AssertionError(f"unknown routing op {op!r}")


def _routing(file: Dict[str, Any]) -> List[Tuple[str, Any, Any]]:
    out = []
    for i, case in enumerate(file["cases"]):
        name = case["name"] if isinstance(case.get("name"), str) else f"#{i} {case.get('op')}"
        actual = _attempt(lambda: _routing_case(file, case))
        out.append((name, actual, case.get("expected")))
    return out


RUNNERS = {
    "qualify": _qualify,
    "attribution": _attribution,
    "dedup_key": _dedup_key,
    "utm": _utm,
    "report": _report,
    "routing": _routing,
}


def subset(expected: Any, actual: Any, path: str = "") -> List[str]:
    """The Rust runner's comparison (eql-core/tests/vectors/compare.rs)."""
    diffs: List[str] = []
    if isinstance(expected, dict) and isinstance(actual, dict):
        for k, ev in expected.items():
            if k in COMMENT_KEYS:
                continue
            p = f"{path}.{k}"
            if k in actual:
                diffs += subset(ev, actual[k], p)
            elif ev is not None:
                diffs.append(f"{p}: missing, expected {ev!r}")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        for i, (ev, av) in enumerate(zip(expected, actual)):
            diffs += subset(ev, av, f"{path}[{i}]")
    elif _is_number(expected) and _is_number(actual):
        if float(expected) != float(actual):
            diffs.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif expected != actual or type(expected) is not type(actual):
        diffs.append(f"{path}: expected {expected!r}, got {actual!r}")
    return diffs


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def run_file(path: pathlib.Path) -> List[Tuple[str, str, Any, Any]]:
    """One vector file's (file, case, actual, expected); a file of a kind no
    runner knows is a failure, never a skipped note."""
    file = json.loads(path.read_text(encoding="utf-8"))
    kind = file.get("kind")
    runner = RUNNERS.get(kind) if isinstance(kind, str) else None
    if runner is None:
        raise AssertionError(f"{path}: unknown kind {kind!r} (known: {', '.join(RUNNERS)})")
    return [(path.name, name, actual, expected) for name, actual, expected in runner(file)]


def run_all() -> List[Tuple[str, str, Any, Any]]:
    results: List[Tuple[str, str, Any, Any]] = []
    for path in _files():
        results += run_file(path)
    return results


def _rust_outcomes() -> Optional[Dict[Tuple[str, str], List[Any]]]:
    path = os.environ.get("EQL_RUST_VECTOR_OUT")
    if not path:
        if shutil.which("cargo") is None:
            return None
        path = str(ROOT / "target" / "py-vectors.jsonl")
        env = dict(os.environ, EQL_VECTOR_OUT=path)
        subprocess.run(
            ["cargo", "test", "-q", "--locked", "-p", "eql-core", "--test", "vectors"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    by_case: Dict[Tuple[str, str], List[Any]] = defaultdict(list)
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_case[(row["file"], row["case"])].append(row["actual"])
    return by_case


def test_every_vector_passes() -> None:
    results = run_all()
    failures = [
        f"{f} / {name}: {'; '.join(d)}"
        for f, name, actual, expected in results
        if (d := subset(expected, actual))
    ]
    files = len({f for f, *_ in results})
    print(f"\nvectors (python): ran {len(results)} cases from {files} files, {len(failures)} failed")
    assert results, "no vector case ran"
    assert not failures, "\n".join(failures)


def test_results_equal_the_rust_runner() -> None:
    rust = _rust_outcomes()
    if rust is None:
        pytest.skip("cargo not available and EQL_RUST_VECTOR_OUT not set")
    results = run_all()
    seen: Dict[Tuple[str, str], int] = defaultdict(int)
    diffs = []
    for f, name, actual, _ in results:
        key = (f, name)
        i = seen[key]
        seen[key] += 1
        expected_list = rust.get(key, [])
        if i >= len(expected_list):
            diffs.append(f"{f} / {name}: not in the Rust runner's output")
        elif expected_list[i] != actual:
            diffs.append(f"{f} / {name}: python {actual!r} != rust {expected_list[i]!r}")
    rust_count = sum(len(v) for v in rust.values())
    print(f"\nvectors: {len(results)} python results compared with {rust_count} rust results")
    assert len(results) == rust_count, "the runners ran different cases"
    assert not diffs, "\n".join(diffs)


def test_a_file_of_unknown_kind_fails(tmp_path: pathlib.Path) -> None:
    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps({"kind": "qualfy", "cases": []}), encoding="utf-8")
    with pytest.raises(AssertionError, match="unknown kind 'qualfy'"):
        run_file(typo)
    no_kind = tmp_path / "no_kind.json"
    no_kind.write_text(json.dumps({"cases": []}), encoding="utf-8")
    with pytest.raises(AssertionError, match="unknown kind None"):
        run_file(no_kind)

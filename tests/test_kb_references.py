"""`providers[].kb` names an entry of the provider knowledge base: an unknown id is refused where it stands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from conftest import SAMPLES, invoke_dpia

from dpia.providers import shipped
from dpia.providers.ids import known_ids

DOCTOLIB = SAMPLES / "doctolib-aws-2021.yaml"
LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<path>[\w.\[\]]+): (?P<msg>.+)$")


def with_kb(kb: str) -> str:
    text = DOCTOLIB.read_text(encoding="utf-8")
    assert "  - name: AWS Sarl\n" in text
    return text.replace("  - name: AWS Sarl\n", f"  - name: AWS Sarl\n    kb: {kb}\n", 1)


def test_a_mistyped_id_is_a_located_error_with_the_closest_ids(tmp_path: Path) -> None:
    text = with_kb("aws-sarll")
    path = tmp_path / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    match = LOCATED.match(result.stderr.splitlines()[0])
    assert match, result.stderr
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "kb: aws-sarll" in row)
    assert (int(match["line"]), int(match["col"])) == (line, 9)
    assert match["path"] == "providers[1].kb"
    assert "not an entry of the provider knowledge base" in match["msg"] and "did you mean 'aws-sarl'" in match["msg"]
    # Scoring refuses the file the same way: nothing is scored from a broken reference.
    scored = invoke_dpia("score", "--json", path, cwd=tmp_path)
    assert scored.returncode == 2 and scored.stdout == "" and "providers[1].kb" in scored.stderr


def test_an_id_close_to_nothing_points_to_the_list_and_json_files_are_located_too(tmp_path: Path) -> None:
    data = yaml.safe_load(with_kb("zzz"))
    path = tmp_path / "unknown.json"
    path.write_text(json.dumps(data, default=str, indent=2), encoding="utf-8")
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    match = LOCATED.match(result.stderr.splitlines()[0])
    assert match and match["path"] == "providers[1].kb", result.stderr
    assert "`dpia providers` lists the ids" in match["msg"]


def test_a_known_id_validates(tmp_path: Path) -> None:
    path = tmp_path / "known.yaml"
    path.write_text(with_kb("aws-sarl"), encoding="utf-8")
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_ids_read_for_validation_are_those_of_the_loaded_base() -> None:
    assert known_ids() == tuple(entry.id for entry in shipped().providers)

"""Generated references stay equal to the code they describe."""

from __future__ import annotations

import json

from conftest import REPO, RunDpia

from dpia.model import json_schema
from dpia.reference import render_markdown


def test_answer_file_reference_matches_the_model() -> None:
    committed = (REPO / "docs" / "answer-file.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "regenerate with: dpia schema --markdown > docs/answer-file.md"


def test_committed_json_schema_matches_the_model() -> None:
    committed = json.loads((REPO / "docs" / "answers.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate with: dpia schema -o docs/answers.schema.json"


def test_reference_documents_every_field_of_every_section() -> None:
    text = render_markdown()
    for key in ("`schema_version`", "`key_management`", "`challenge_foreign_requests`", "`retention_months`"):
        assert key in text
    assert "one of `provider_managed`, `customer_key_in_provider_kms`, `external_key_holder`, `client_side`" in text


def test_schema_command_prints_the_schema(run_dpia: RunDpia) -> None:
    result = run_dpia("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "dpia answer file"
    assert "Provider" in schema["$defs"]

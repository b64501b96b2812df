"""The as-of date: which day's law an assessment applies, and how every command takes it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import Completed, invoke_dpia

from dpia.answers import load
from dpia.scoring import assess
from dpia.scoring.rules import rules_latest_date

REPO = Path(__file__).resolve().parents[1]
DOCTOLIB = REPO / "samples" / "doctolib-aws-2021.yaml"
MINIMAL = REPO / "samples" / "minimal.yaml"


def dpia(*args: str) -> Completed:
    return invoke_dpia(*args)


def test_the_answer_files_date_is_the_default() -> None:
    findings = assess(load(DOCTOLIB).assessment)
    assert findings.as_of == dt.date(2021, 3, 12)
    assert findings.as_of_basis == "answer_date"


def test_an_explicit_date_wins_over_the_files() -> None:
    findings = assess(load(DOCTOLIB).assessment, "en", dt.date(2026, 12, 1))
    assert (findings.as_of, findings.as_of_basis) == (dt.date(2026, 12, 1), "option")


def test_a_draft_without_a_date_uses_the_newest_date_the_rules_know() -> None:
    assessment = load(MINIMAL).assessment
    assert assessment.date is None
    findings = assess(assessment)
    assert (findings.as_of, findings.as_of_basis) == (rules_latest_date(), "rules_latest")


def test_score_json_states_the_as_of_date() -> None:
    own = dpia("score", str(DOCTOLIB), "--json")
    later = dpia("score", str(DOCTOLIB), "--json", "--as-of", "2026-12-01")
    assert own.returncode == later.returncode == 0, own.stderr + later.stderr
    assert json.loads(own.stdout)["as_of"] == "2021-03-12"
    assert json.loads(later.stdout)["as_of"] == "2026-12-01"
    assert json.loads(later.stdout)["as_of_basis"] == "option"


def test_a_draft_scores_with_exit_0() -> None:
    result = dpia("score", str(MINIMAL), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["as_of_basis"] == "rules_latest"


# Every command takes --as-of through the same parser: each bad date once, each command once, in
# four processes rather than sixteen.
@pytest.mark.parametrize(
    ("command", "bad"),
    [("score", "2021-02-30"), ("build", "12/03/2021"), ("export", "2021-3-12"), ("batch", "yesterday")],
)
def test_a_bad_date_is_a_usage_error_that_names_the_format(command: str, bad: str, tmp_path: Path) -> None:
    extra = {"export": ["--to", "cnil-pia"], "batch": ["-o", str(tmp_path / "out")]}.get(command, [])
    result = dpia(command, str(DOCTOLIB), *extra, "--as-of", bad)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def _persons_of_interest_answer(answers: Path, as_of: dt.date | None) -> str:
    """The document's answer on persons of interest to foreign authorities, caveat included."""
    import io

    import docx

    from dpia.pipeline import Pipeline

    pipeline = Pipeline("fr", as_of=as_of)
    document = docx.Document(io.BytesIO(pipeline.render(pipeline.assess(answers), "docx")))
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text == "Personnes d'intérêt pour des autorités étrangères":
                return row.cells[-1].text
    raise AssertionError("no row for persons of interest")


def test_the_persons_of_interest_caveat_follows_the_law_of_the_as_of_date(tmp_path: Path) -> None:
    # A « non » keeps a caveat while a provider of the chain can be compelled by a third country's law.
    # Under the law of its own date (2026-10-01) no provider of this sample can be; under the law of
    # 2021 its US licensor could. The caveat follows the date whose law the document applies.
    text = (REPO / "samples" / "trusted-cloud-licensor.yaml").read_text(encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(text.replace("data_subjects:\n", "data_subjects:\n  high_interest_persons: false\n", 1))
    caveat = "Une autorité qui vise déjà une personne peut toutefois l'y retrouver"
    own_date = _persons_of_interest_answer(answers, None)
    assert own_date.startswith("Non") and caveat not in own_date
    in_2021 = _persons_of_interest_answer(answers, dt.date(2021, 1, 1))
    assert in_2021.startswith("Non") and caveat in in_2021

"""Answer files: what a user sees when a file is right, and when it is wrong."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES, invoke_dpia, sample_files
from ruamel.yaml import YAML

from dpia import answers
from dpia.errors import InputError
from dpia.model import Assessment

DOCTOLIB = SAMPLES / "doctolib-aws-2021.yaml"
LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<path>[\w.\[\]]+): (?P<msg>.+)$")


def doctolib_text() -> str:
    return DOCTOLIB.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: p.name)
def test_every_sample_validates(sample: Path) -> None:
    loaded = answers.load(sample)
    assert loaded.assessment.schema_version == "1.0"
    assert len(loaded.sha256) == 64


def test_validate_command_accepts_all_samples_from_another_folder(tmp_path: Path) -> None:
    result = invoke_dpia("validate", *sample_files(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": valid") == len(sample_files())


def test_doctolib_sample_holds_the_facts_the_court_examined() -> None:
    assessment = answers.load(DOCTOLIB).assessment
    aws = assessment.provider("AWS Sarl")
    assert aws is not None
    assert (aws.country, aws.parent_country) == ("LU", "US")
    assert set(aws.storage_countries) == {"FR", "DE"}
    assert aws.certifications.hds.value != "none"
    assert aws.commitments.challenge_foreign_requests
    encryption = assessment.measures.encryption
    assert encryption is not None and encryption.key_holder_country == "FR"
    assert {item.category.value for item in assessment.data} == {"identity", "contact", "appointment"}
    assert {item.retention_months for item in assessment.data} == {3}


def test_no_encryption_sample_differs_only_by_encryption() -> None:
    with_encryption = answers.load(DOCTOLIB).assessment
    without = answers.load(SAMPLES / "doctolib-aws-no-encryption.yaml").assessment
    assert without.measures.encryption is None
    # Without encryption a residual risk is high, so the controller's decision is prior consultation.
    assert without.validation is not None and without.validation.decision.value == "prior_consultation"
    # The DPO's opinion asks for the key holder to be named only where there is a key.
    same = {
        "measures": with_encryption.measures,
        "validation": with_encryption.validation,
        "dpo_opinion": with_encryption.dpo_opinion,
    }
    assert without.model_copy(update=same) == with_encryption


# --------------------------------------------------------------------------------------------------
# Each kind of bad file: exit 2 and one readable, located line per problem.


def test_syntax_error_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", 'schema_version: "1.0"\nprocessing:\n  name: [unclosed\n')
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    assert re.match(r"^.*broken\.yaml:4:1: YAML syntax error: expected ',' or ']'", result.stderr)
    assert "Traceback" not in result.stderr


def test_wrong_type_is_located(tmp_path: Path) -> None:
    text = doctolib_text().replace("count: 4000000", "count: four million")
    path = write(tmp_path, "a.yaml", text)
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    match = LOCATED.match(result.stderr.splitlines()[0])
    assert match, result.stderr
    assert int(match["line"]) == line_of(text, "count: four million")
    assert match["path"] == "data_subjects.count"
    assert "valid integer" in match["msg"] and "four million" in match["msg"]


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = doctolib_text().replace("    parent_country: US", "    parent_contry: US")
    path = write(tmp_path, "a.yaml", text)
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "parent_contry" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:{line_of(text, 'parent_contry')}:5: providers[1].parent_contry:")
    assert "did you mean 'parent_country'?" in lines[0]


def test_unknown_key_without_a_close_match_lists_the_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", doctolib_text() + "zzz_flavour: vanilla\n")
    with pytest.raises(InputError) as caught:
        answers.load(path)
    (problem,) = caught.value.problems
    assert problem.path == "zzz_flavour"
    assert "expected one of: schema_version, author" in problem.message


def test_bad_enumeration_value_lists_the_allowed_ones(tmp_path: Path) -> None:
    text = doctolib_text().replace("art6: public_task", "art6: public_interest")
    path = write(tmp_path, "a.yaml", text)
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    (line,) = [line for line in result.stderr.splitlines() if "legal_basis.art6" in line]
    assert line.startswith(f"{path}:{line_of(text, 'public_interest')}:9: legal_basis.art6:")
    for allowed in ("'consent'", "'public_task'", "'legitimate_interests'"):
        assert allowed in line
    assert "(got 'public_interest')" in line


def test_impossible_date_is_reported_at_its_line(tmp_path: Path) -> None:
    text = doctolib_text().replace("due: 2021-06-30", "due: 2021-02-30")
    path = write(tmp_path, "a.yaml", text)
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()[:1]
    assert line.startswith(f"{path}:{line_of(text, '2021-02-30')}:10: action_plan[0].due:")
    assert "2021-02-30" in line


@pytest.mark.parametrize("content", ["", "\n\n   \n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "empty.yaml", content)
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}:1:1: the file ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", ["- a\n- b\n", "just text\n", "42\n"])
def test_file_that_is_not_a_mapping(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "list.yaml", content)
    result = invoke_dpia("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}:1:1: the answers must be a mapping of keys to values")


def test_missing_file(tmp_path: Path) -> None:
    result = invoke_dpia("validate", tmp_path / "nowhere.yaml", DOCTOLIB, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path / 'nowhere.yaml'}: no such file" in result.stderr
    assert f"{DOCTOLIB}: valid" in result.stdout, "the other files are still checked"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        doctolib_text()
        .replace("art6: public_task", "art6: nope")
        .replace("count: 4000000", "count: -5")
        .replace("  purposes:", "  purpose:")
        .replace("country: LU", "country: XX")
    )
    with pytest.raises(InputError) as caught:
        answers.load(write(tmp_path, "a.yaml", text))
    paths = {problem.path for problem in caught.value.problems}
    assert {"legal_basis.art6", "data_subjects.count", "processing.purpose", "processing.purposes"} <= paths
    assert "providers[1].country" in paths
    lines = [problem.line or 0 for problem in caught.value.problems]
    assert lines == sorted(lines), "problems come in file order"


def test_duplicate_keys_are_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    text = doctolib_text().replace("  art6: public_task\n", "  art6: public_task\n  art6: consent\n")
    with pytest.raises(InputError) as caught:
        answers.load(write(tmp_path, "a.yaml", text))
    (problem,) = caught.value.problems
    assert "duplicate key 'art6'" in problem.message
    assert problem.line == line_of(text, "art6: consent")


def test_cross_references_between_providers_are_checked(tmp_path: Path) -> None:
    text = doctolib_text().replace("processor_of: Doctolib SAS", "processor_of: Doctolib")
    with pytest.raises(InputError) as caught:
        answers.load(write(tmp_path, "a.yaml", text))
    assert "'Doctolib', which is not in providers (Doctolib SAS, AWS Sarl)" in str(caught.value)


# --------------------------------------------------------------------------------------------------
# YAML 1.1 never silently reinterprets a value.


def test_norway_stays_norway_and_times_stay_text(tmp_path: Path) -> None:
    text = doctolib_text().replace("    backup_countries: [FR, DE]", "    backup_countries: [FR, NO]")
    text = re.sub(r"  lifecycle: >-\n(    .*\n)+", "  lifecycle: 12:30\n", text)
    assessment = answers.load(write(tmp_path, "a.yaml", text)).assessment
    aws = assessment.provider("AWS Sarl")
    assert aws is not None and aws.backup_countries == ["FR", "NO"]
    assert assessment.processing.lifecycle == "12:30"


def test_octal_looking_numbers_are_decimal(tmp_path: Path) -> None:
    text = doctolib_text().replace("count: 4000000", "count: 017")
    assert answers.load(write(tmp_path, "a.yaml", text)).assessment.data_subjects.count == 17


# --------------------------------------------------------------------------------------------------
# JSON answer files.


def _doctolib_as_json() -> str:
    data = YAML(typ="safe").load(doctolib_text())
    return json.dumps(data, default=str, indent=2, ensure_ascii=False)


def test_json_answer_file_is_equivalent(tmp_path: Path) -> None:
    path = write(tmp_path, "doctolib.json", _doctolib_as_json())
    assert answers.load(path).assessment == answers.load(DOCTOLIB).assessment


def test_json_errors_are_located(tmp_path: Path) -> None:
    text = _doctolib_as_json().replace('"art6": "public_task"', '"art6": "nope"')
    path = write(tmp_path, "doctolib.json", text)
    with pytest.raises(InputError) as caught:
        answers.load(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (line_of(text, '"art6": "nope"'), "legal_basis.art6")


def test_json_syntax_and_duplicate_keys(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        answers.load(write(tmp_path, "a.json", '{\n  "schema_version": "1.0",\n}'))
    assert caught.value.problems[0].line == 3
    with pytest.raises(InputError) as caught:
        answers.load(write(tmp_path, "b.json", '{"a": 1, "a": 2}'))
    assert "duplicate key 'a'" in str(caught.value)


# --------------------------------------------------------------------------------------------------
# Saving.


def test_save_round_trips_through_yaml_and_json(tmp_path: Path) -> None:
    original = answers.load(DOCTOLIB).assessment
    for name in ("copy.yaml", "copy.json"):
        target = tmp_path / name
        answers.save(original, target)
        assert answers.load(target).assessment == original
    assert not list(tmp_path.glob("*.part")), "no temporary file is left behind"


def test_save_replaces_atomically_and_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old: content\n", encoding="utf-8")

    class Unserialisable(dict[str, object]):
        def items(self):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        answers.save(Unserialisable(a=1), target)
    assert target.read_text(encoding="utf-8") == "old: content\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["answers.yaml"]


def test_control_characters_are_removed_from_text_answers(tmp_path: Path) -> None:
    text = doctolib_text().replace(
        "name: Prise de rendez-vous de vaccination contre la Covid-19", 'name: "Prise\\x0b de\\x00 rendez-vous"'
    )
    assessment = answers.load(write(tmp_path, "a.yaml", text)).assessment
    assert assessment.processing.name == "Prise de rendez-vous"


def test_model_is_the_schema() -> None:
    schema = Assessment.model_json_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"schema_version", "processing", "legal_basis", "data", "rights"}


# --------------------------------------------------------------------------------------------------
# Valid files take a fast reader; it must mean exactly what the careful, located reader means.

TRAPS = {
    "    backup_countries: [FR, DE]": "    backup_countries: [FR, NO]",
    "count: 4000000": "count: 017",
    "  lifecycle: >-": "  lifecycle: 12:30\n  x_folded: >-",
    "    iso27001: true": "    iso27001: True",
    "  name: Prise de rendez-vous de vaccination contre la Covid-19": "  name: yes",
    "  author: Délégué à la protection des données": "  author: on",
}


def _both_readers(path: Path) -> tuple[Assessment, Assessment]:
    fast = answers._load_fast(path, path.read_bytes())
    data, locator, _ = answers.read_answers(path)
    return fast, answers.validate(data, str(path), locator)


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: p.name)
def test_fast_and_careful_readers_agree_on_samples(sample: Path) -> None:
    fast, careful = _both_readers(sample)
    assert fast == careful


def test_fast_and_careful_readers_agree_on_yaml_11_traps(tmp_path: Path) -> None:
    text = doctolib_text().replace(
        "author: Direction générale de la santé (équipe projet de la prise de rendez-vous de vaccination)", "author: on"
    )
    for old, new in TRAPS.items():
        assert old in text or old.startswith("  author"), old
        text = text.replace(old, new, 1)
    text = re.sub(r"  x_folded: >-\n(    .*\n)+", "", text)
    fast, careful = _both_readers(write(tmp_path, "traps.yaml", text))
    assert fast == careful
    assert fast.author == "on" and fast.processing.name == "yes" and fast.data_subjects.count == 17
    assert fast.processing.lifecycle == "12:30"


def test_fast_reader_declines_what_it_cannot_locate(tmp_path: Path) -> None:
    duplicate = write(
        tmp_path, "dup.yaml", doctolib_text().replace("  art6: public_task\n", "  art6: public_task\n  art6: consent\n")
    )
    with pytest.raises(answers._NotFast):
        answers._load_fast(duplicate, duplicate.read_bytes())
    invalid = write(tmp_path, "bad.yaml", doctolib_text().replace("count: 4000000", "count: many"))
    with pytest.raises(answers._NotFast):
        answers._load_fast(invalid, invalid.read_bytes())


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_the_provenance_hash_is_of_the_bytes_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """A file replaced while it is loaded: the assessment and its SHA-256 both come from the one read."""
    import hashlib

    first = answers.load(DOCTOLIB).assessment.model_dump(mode="json")
    second = {**first, "processing": {**first["processing"], "name": "Replaced while loading"}}
    if suffix == ".yaml":
        first["unknown_key"] = "fails the fast path, so the file is parsed a second time, carefully"
        # An invalid first version: the careful pass must report on these bytes, not on the replacement.
    path = tmp_path / f"answers{suffix}"
    versions = [json.dumps(version).encode() for version in (first, second)]
    path.write_bytes(versions[0])
    reads: list[bytes] = []
    import dpia.inputs

    real_read = dpia.inputs.read_limited

    def read_then_replace(file: Path, limit: int, kind: str) -> bytes:
        data = real_read(file, limit, kind)
        if Path(file) == path:
            reads.append(data)
            path.write_bytes(versions[1])  # another program saves the file right after our read
        return data

    monkeypatch.setattr(dpia.inputs, "read_limited", read_then_replace)
    if suffix == ".yaml":
        with pytest.raises(InputError) as caught:
            answers.load(path)
        assert [problem.path for problem in caught.value.problems] == ["unknown_key"]
    else:
        loaded = answers.load(path)
        assert loaded.assessment.processing.name == first["processing"]["name"]
        assert loaded.sha256 == hashlib.sha256(versions[0]).hexdigest()
    assert reads == [versions[0]]


# --- `dpia validate` without the command-line framework ----------------------------------------------

# Help and usage errors always go through typer (tests/test_cli.py checks them for every command).
_THROUGH_TYPER = "from dpia.cli import main; main()"


def _both_ways(tmp_path: Path, *args: str | Path) -> tuple[subprocess.CompletedProcess[str], ...]:
    """A real `python -m dpia validate ...` (answered without typer when the arguments are plain: the
    process is the subject, its start-up path and its exit) and the same command line through typer's
    `validate` command, in this process."""
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    command = ["validate", *map(str, args)]
    plain = subprocess.run(
        [sys.executable, "-m", "dpia", *command], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120
    )
    return plain, invoke_dpia(*command, cwd=tmp_path)


@pytest.mark.parametrize(
    "args",
    [
        ["good.yaml"],
        ["-q", "good.yaml", "bad.yaml"],
        ["bad.yaml", "nowhere.yaml", "--quiet", "good.yaml"],
    ],
    ids=["valid", "quiet-two", "three-mixed"],
)
def test_validate_prints_the_same_with_and_without_typer(tmp_path: Path, args: list[str]) -> None:
    write(tmp_path, "good.yaml", doctolib_text())
    write(tmp_path, "bad.yaml", doctolib_text().replace("art6: public_task", "art6: nope"))
    plain, through_typer = _both_ways(tmp_path, *args)
    assert (plain.returncode, plain.stdout, plain.stderr) == (
        through_typer.returncode,
        through_typer.stdout,
        through_typer.stderr,
    )
    assert "Traceback" not in plain.stderr


def test_a_plain_validate_does_not_load_typer() -> None:
    """The modules a real `python -m dpia validate FILE` imports, as the interpreter reports them."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dpia", "validate", str(DOCTOLIB)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    assert (result.returncode, result.stdout) == (0, f"{DOCTOLIB}: valid\n")
    assert {"dpia.model", "yaml"} <= imported  # the report lists what was loaded
    assert not {"typer", "click", "rich"} & imported


def test_the_summary_counts_invalid_files_in_words(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", doctolib_text().replace("art6: public_task", "art6: nope"))
    one = invoke_dpia("validate", bad, cwd=tmp_path)
    assert one.returncode == 2 and one.stderr.splitlines()[-1] == "1 invalid file out of 1"
    two = invoke_dpia("validate", bad, DOCTOLIB, tmp_path / "nowhere.yaml", cwd=tmp_path)
    assert two.returncode == 2 and two.stderr.splitlines()[-1] == "2 invalid files out of 3"
    assert "(s)" not in one.stderr + two.stderr


def test_validate_into_a_closed_pipe_exits_1_without_a_traceback(tmp_path: Path) -> None:
    """`dpia validate ... | head -1`: the reader is gone before the first line, with and without typer."""
    for start in (["-m", "dpia"], ["-c", _THROUGH_TYPER]):
        reader, writer = os.pipe()
        os.close(reader)
        try:
            result = subprocess.run(
                [sys.executable, *start, "validate", str(DOCTOLIB)],
                stdout=writer,
                stderr=subprocess.PIPE,
                text=True,
                timeout=120,
            )
        finally:
            os.close(writer)
        assert (result.returncode, result.stderr) == (1, ""), start

"""The scoring's words in French (the default) and English, as the documents, exports and scores show them.

Each output is produced as the command produces it, in this process (its parser, or the pipeline it
runs), and read back: the Word DPIA with python-docx, the CNIL PIA export and the batch scores as
JSON. A French document must carry no English scoring sentence, and an English one no French sentence.
"""

from __future__ import annotations

import json
import string
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke_dpia
from docx import Document

from dpia.answers import load
from dpia.pipeline import Pipeline
from dpia.scoring import assess
from dpia.scoring.output import to_json
from dpia.scoring.rules import registry
from dpia.scoring.wording import IMPACTS, MESSAGES, SOURCES, THREATS

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))

# Sentences only the scoring writes, one set per language; every sample's findings hold several.
ENGLISH = (
    "Likelihood starts",
    "protection point",
    "Severity starts",
    "cannot be totally excluded",
    "Risk level from",
    "worst category",
    "residual: ",
    "networked service",
    "Internal human sources",
    "Theft of credentials",
    "severity 1",
    "likelihood 4",
    " a year (",
    "DPIA required: ",
    "not declared",
)
FRENCH = (
    "La vraisemblance part de",
    "point de protection",
    "points de protection",
    "La gravité part de",
    "ne peut être totalement exclu",
    "Niveau de risque selon la gravité",
    "pour cet événement",
    "résiduel : ",
    "service en réseau",
    "Sources humaines internes",
    "Vol d'identifiants",
    "vraisemblance 4",
    " par an (",
    "AIPD requise : ",
    "non déclaré",
)
# Present in every sample's findings, so that the absence of the other language proves something.
ALWAYS = {
    "fr": ("La vraisemblance part de", "La gravité part de", "Niveau de risque selon la gravité", "Vol d'identifiants"),
    "en": ("Likelihood starts", "Severity starts", "Risk level from severity and likelihood", "Theft of credentials"),
}
FOREIGN = {"fr": ENGLISH, "en": FRENCH}
# The CNIL PIA export carries no rule trace: it justifies in words, and lists the scoring's sentences.
ALWAYS_IN_CNIL_PIA = {
    "fr": ("Gravité ", "Vraisemblance ", "Sources humaines internes", "Vol d'identifiants"),
    "en": (" severity: ", " likelihood: ", "Internal human sources", "Theft of credentials"),
}


def dpia(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command in this process (what it prints and writes is the point here; test_build and
    test_export_cnil_pia start the real ones)."""
    return invoke_dpia(*args, cwd=cwd, env={"COLUMNS": "250"})  # wide enough for the tables not to wrap


def docx_text(path: Path) -> str:
    """Every paragraph of the body, tables included, as Word shows it."""
    body = Document(str(path)).element.body
    return "\n".join(
        "".join(node.text or "" for node in paragraph.iter() if node.tag.endswith("}t"))
        for paragraph in body.iter()
        if paragraph.tag.endswith("}p")
    )


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def assert_speaks(text: str, lang: str, where: str, always: dict[str, tuple[str, str, str, str]] = ALWAYS) -> None:
    for sentence in always[lang]:
        assert sentence in text, (where, lang, sentence)
    for sentence in FOREIGN[lang]:
        assert sentence not in text, (where, lang, sentence)


# --- the catalogues -------------------------------------------------------------------------------


def test_every_rule_is_worded_in_both_languages() -> None:
    for rule_id, rule in registry().items():
        for part in (rule.title, rule.text, rule.effect, *(c.text for c in rule.all_citations)):
            assert part.fr.strip() and part.en.strip(), rule_id
        assert rule.title.fr != rule.title.en and rule.text.fr != rule.text.en, rule_id
        for sentence in ENGLISH:
            assert sentence not in rule.title.fr + rule.text.fr + rule.effect.fr, (rule_id, sentence)


def test_every_template_has_the_same_facts_in_both_languages() -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key, template in MESSAGES.items():
        assert template.fr.strip() and template.en.strip(), key
        assert fields(template.fr) == fields(template.en), key
    for table in (IMPACTS, THREATS, SOURCES):
        for risk, texts in table.items():
            assert texts and all(text.fr and text.en and text.fr != text.en for text in texts), risk


def test_levels_do_not_depend_on_the_language_and_every_text_follows_it() -> None:
    for sample in SAMPLES:
        assessment = load(sample).assessment
        fr, en = assess(assessment), assess(assessment, "en")
        assert fr.lang == "fr" and en.lang == "en"
        assert [(r.id, r.initial, r.residual) for r in fr.risks] == [(r.id, r.initial, r.residual) for r in en.risks]
        assert [(g.id, g.status) for g in fr.gates] == [(g.id, g.status) for g in en.gates]
        assert [(r.measure, r.risk, r.after) for r in fr.recommendations] == [
            (r.measure, r.risk, r.after) for r in en.recommendations
        ]
        assert fr.prior_consultation == en.prior_consultation and fr.dpia_required == en.dpia_required
        for lang, findings in (("fr", fr), ("en", en)):
            assert_speaks("\n".join(strings(json.loads(to_json(findings)))), lang, sample.stem)


# --- the outputs users read ---------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.stem for sample in SAMPLES])
def test_word_dpia_speaks_the_language_of_the_document(sample: Path, tmp_path: Path) -> None:
    for lang in ("fr", "en"):
        output = tmp_path / f"dpia-{lang}.docx"
        # `dpia build --trace`'s pipeline, in this process: the technical annex carries the rule trace,
        # in the document's language. (test_build runs the command itself.)
        pipeline = Pipeline(lang, ("docx",), trace=True)
        output.write_bytes(pipeline.render(pipeline.assess(sample), "docx"))
        text = docx_text(output)
        assert_speaks(text, lang, f"{sample.stem} {lang}")
        # Every reason the scoring gave in this language is in the technical annex.
        findings = assess(load(sample).assessment, lang)
        for risk in findings.risks:
            for reason in risk.reasons:
                assert reason.text in text, (sample.stem, lang, reason.text)
        for criterion in findings.screening.criteria:
            if criterion.id.startswith("SCR-CNIL118-"):
                continue  # an exemption is examined only for the kind of controller it names (test_report_prose)
            assert criterion.text in text, (sample.stem, lang, criterion.text)


def test_build_trace_writes_the_document_checked_above(tmp_path: Path) -> None:
    """`dpia build --trace --lang en` writes the pipeline the test above reads, byte for byte."""
    sample = REPO / "samples" / "doctolib-aws-2021.yaml"
    output = tmp_path / "dpia-en.docx"
    result = dpia("build", sample, "-o", output, "--lang", "en", "--trace", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pipeline = Pipeline("en", ("docx",), trace=True)
    assert output.read_bytes() == pipeline.render(pipeline.assess(sample), "docx")


def test_cnil_pia_export_justifies_in_its_language(tmp_path: Path) -> None:
    sample = REPO / "samples" / "doctolib-aws-2021.yaml"
    for lang, args in (("fr", ()), ("en", ("--lang", "en"))):
        output = tmp_path / f"pia-{lang}.json"
        # As of 2026, when the HDS v2 statement on foreign laws (EXI 30) applies to the host.
        result = dpia("export", sample, "--to", "cnil-pia", "-o", output, "--as-of", "2026-12-01", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        text = "\n".join(strings(json.loads(output.read_text(encoding="utf-8"))))
        assert_speaks(text, lang, f"cnil-pia {lang}", ALWAYS_IN_CNIL_PIA)
    french = (tmp_path / "pia-fr.json").read_text(encoding="utf-8")
    # The foreign-law exposure of the host, in French, in the answer on transfers.
    assert "AWS Sarl : exposé au droit d'un pays tiers (US)" in french


def test_score_json_is_french_by_default_and_english_on_request(tmp_path: Path) -> None:
    sample = REPO / "samples" / "doctolib-aws-no-encryption.yaml"
    default = dpia("score", sample, "--json", cwd=tmp_path)
    english = dpia("score", sample, "--json", "--lang", "en", cwd=tmp_path)
    assert default.returncode == 0 and english.returncode == 0, default.stderr + english.stderr
    fr, en = json.loads(default.stdout), json.loads(english.stdout)
    assert (fr["lang"], en["lang"]) == ("fr", "en")
    for data, lang in ((fr, "fr"), (en, "en")):
        assert_speaks("\n".join(strings(data)), lang, f"score --json {lang}")
        reasons = "\n".join(reason["text"] for risk in data["risks"] for reason in risk["reasons"])
        assert ALWAYS[lang][0] in reasons and ALWAYS[lang][1] in reasons
        assert data["dpia_required"] is True and data["prior_consultation"] is False
        assert data["rules_version"] and [risk["level"] for risk in data["risks"]]


def test_score_table_speaks_french_by_default(tmp_path: Path) -> None:
    sample = REPO / "samples" / "minimal.yaml"
    fr = dpia("score", sample, cwd=tmp_path)
    en = dpia("score", sample, "--lang", "en", cwd=tmp_path)
    assert fr.returncode == 0 and en.returncode == 0
    # The recommendations' "how" column, the gates and the cross-check come from the scoring's own words.
    french = ("chiffrer les données stockées", "aucun chiffrement des données stockées", " par an (")
    english = ("encrypt stored data", "no encryption of stored data", " a year (")
    for words, absent, output in ((french, english, fr.stdout), (english, french, en.stdout)):
        assert all(word in output for word in words), output
        assert not any(word in output for word in absent), output


def test_batch_scores_and_exports_follow_the_batch_language(tmp_path: Path) -> None:
    for lang in ("fr", "en"):
        out = tmp_path / lang
        result = invoke_dpia(
            "batch", REPO / "samples", "-o", out, "--formats", "json,cnil-pia", "--lang", lang, "-j", "1", cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        scores = sorted(out.glob("*.score.json"))
        assert len(scores) == len(SAMPLES)
        for path in scores:
            assert_speaks("\n".join(strings(json.loads(path.read_text(encoding="utf-8")))), lang, path.name)
        exports = sorted(out.glob("*.cnil-pia.json"))
        assert len(exports) == len(SAMPLES)
        for path in exports:
            data = json.loads(path.read_text(encoding="utf-8"))
            assert_speaks("\n".join(strings(data)), lang, path.name, ALWAYS_IN_CNIL_PIA)

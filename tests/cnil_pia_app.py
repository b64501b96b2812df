"""What the CNIL PIA software does with an imported file when its evaluator works through it.

A transcription, for tests, of the rules of LINCnil/pia v4.1.0 (GPL-3.0) that decide whether an
item can be evaluated and validated:
- `src/app/services/pia.service.ts`, `importData()`, `importMeasures()`, `importEvaluations()`:
  measures get new ids and evaluations "3.1.<old id>" are moved to "3.1.<new id>"; everything else
  is stored as it is in the file.
- `src/app/services/global-evaluation.service.ts`: `answersVerification()`,
  `evaluationsVerification()`, `verification()` (the item's status), `answerIsValid()`,
  `measureIsValid()`, `evaluationIsValid()`, `validateAllEvaluation()` ("Valider l'évaluation")
  and `dpoValidation()` (item 4.3, the DPO's and the data subjects' opinions).
- `src/app/modules/pia/content/content.component.html`: "Valider l'évaluation" is active at
  status 6 and disabled at 5; status 7 is "validated".
- `src/app/services/sid-status.service.ts`: the DPO page and then "Valider le PIA" open when every
  item is at 7 and item 4.3 validates.

Statuses of an item: 0 empty, 1 incomplete, 2 complete (edit mode), 3 to be fixed, 4 waiting for
the evaluator, 5 evaluation started, 6 evaluation ready to validate, 7 validated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ValidationThrows(Exception):
    """What the tool's "Valider l'évaluation" does when an evaluation it looks up is missing."""


@dataclass(frozen=True)
class Item:
    section: int
    item: int
    mode: str
    is_measure: bool
    with_gauge: bool
    questions: tuple[dict[str, Any], ...]

    @property
    def ref(self) -> str:
        return f"{self.section}.{self.item}"


def evaluated_items(architecture: dict[str, Any]) -> list[Item]:
    """The items the evaluator validates: those with an `evaluation_mode` (1.1 to 3.4)."""
    return [
        Item(
            section["id"],
            item["id"],
            item["evaluation_mode"],
            bool(item.get("is_measure")),
            bool(item.get("evaluation_with_gauge")),
            tuple(item.get("questions", [])),
        )
        for section in architecture["sections"]
        for item in section["items"]
        if item.get("evaluation_mode") in ("item", "question")
    ]


class ImportedPia:
    """The PIA as the tool stores it after importing `document`."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.pia = dict(document["pia"])
        self.answers = {answer["reference_to"]: answer for answer in document["answers"]}
        # New ids, as IndexedDB gives them, and the evaluations moved with them.
        new_ids = {measure["id"]: 1000 + n for n, measure in enumerate(document["measures"])}
        self.measures = [{**measure, "id": new_ids[measure["id"]]} for measure in document["measures"]]
        self.evaluations: dict[str, dict[str, Any]] = {}
        for evaluation in document["evaluations"]:
            ref = evaluation["reference_to"]
            if ref.startswith("3.1") and len(ref.split(".")) == 3:
                old = int(ref.split(".")[2])
                ref = f"3.1.{new_ids[old]}" if old in new_ids else ref
            self.evaluations[ref] = {**evaluation, "reference_to": ref}

    # -- global-evaluation.service.ts ------------------------------------------------------------

    def _answer_is_valid(self, item: Item, answer: dict[str, Any]) -> bool:
        question = [q for q in item.questions if int(q["id"]) == int(answer["reference_to"])]
        if len(question) != 1:
            return False
        data, kind = answer["data"], question[0]["answer_type"]
        if kind == "gauge":
            return bool(data["text"]) and (data["gauge"] or 0) > 0
        if kind == "list":
            return bool(data["list"])
        return bool(data["text"])

    @staticmethod
    def _measure_is_valid(measure: dict[str, Any]) -> bool:
        return bool(measure["content"]) or bool(measure["title"])

    def _answers_or_measures(self, item: Item) -> tuple[list[Any], list[dict[str, Any]]]:
        if item.is_measure:
            kept = [m for m in self.measures if m["title"] and m["content"]]
            return list(self.measures), kept
        found = [self.answers[q["id"]] for q in item.questions if q["id"] in self.answers]
        return list(item.questions), found

    def _reference(self, item: Item, answer_or_measure: dict[str, Any]) -> str:
        suffix = answer_or_measure["id"] if item.is_measure else answer_or_measure["reference_to"]
        return f"{item.ref}.{suffix}"

    def _evaluations(self, item: Item) -> list[dict[str, Any]]:
        if item.mode == "item":
            found = self.evaluations.get(item.ref)
            return [found] if found else []
        if item.is_measure:
            refs = [f"{item.ref}.{m['id']}" for m in self.measures]
        else:
            refs = [f"{item.ref}.{q['id']}" for q in item.questions if q["id"] in self.answers]
        return [self.evaluations[ref] for ref in refs if ref in self.evaluations]

    def _evaluation_is_valid(self, item: Item, evaluation: dict[str, Any]) -> bool:
        status = evaluation["status"]
        if status == 1:
            return bool(evaluation["evaluation_comment"])
        if status == 2:
            if item.mode == "question":
                return bool(evaluation["action_plan_comment"])
            if item.mode == "item" and item.with_gauge:
                gauges = evaluation["gauges"] or {}
                return gauges.get("x", 0) > 0 and gauges.get("y", 0) > 0 and bool(evaluation["action_plan_comment"])
            return False
        return status == 3

    def status(self, item: Item) -> int:
        """`verification()`: the item's status as the tool's sidebar and footer show it."""
        questions_or_measures, answers_or_measures = self._answers_or_measures(item)
        evaluations = self._evaluations(item)
        valid = [
            a
            for a in answers_or_measures
            if (self._answer_is_valid(item, a) if "data" in a else self._measure_is_valid(a))
        ]
        if not answers_or_measures:
            return 0
        if len(valid) != len(questions_or_measures):
            return 1
        if not evaluations:
            return 2
        if all(e["status"] > 0 for e in evaluations):
            if all(e["status"] > 1 and e["global_status"] == 2 for e in evaluations):
                return 8 if self.pia["status"] >= 2 else 7
            if any(e["status"] == 1 and e["global_status"] == 1 for e in evaluations):
                return 3
            if all(self._evaluation_is_valid(item, e) for e in evaluations):
                return 6
            return 5
        if all(e["status"] == 0 for e in evaluations):
            return 4
        return 5

    def validate_evaluation(self, item: Item) -> None:
        """`validateAllEvaluation()`: the evaluator's "Valider l'évaluation" on the item."""
        if item.mode == "item":
            refs = [item.ref]
        else:
            _, answers_or_measures = self._answers_or_measures(item)
            refs = [self._reference(item, a) for a in answers_or_measures]
        for ref in refs:
            evaluation = self.evaluations.get(ref)
            if evaluation is None:
                raise ValidationThrows(f"{ref}: Cannot read properties of undefined (reading 'status')")
            if item.mode == "item" and evaluation["status"] == 0:
                continue
            if item.mode == "question" and evaluation["status"] == 0:
                continue
            evaluation["global_status"] = 1 if evaluation["status"] == 1 else 2

    def dpo_page_status(self) -> int:
        """`dpoValidation()`: 7 when the DPO's and the data subjects' fields are filled in."""
        pia = self.pia
        dpo = bool(pia["dpos_names"]) and pia["dpo_status"] in (0, 1) and bool(pia["dpo_opinion"])
        if pia["concerned_people_searched_opinion"] is False:
            people = bool(pia["concerned_people_searched_content"])
        elif pia["concerned_people_searched_opinion"] is True:
            people = (
                bool(pia["people_names"])
                # Absent from the file, it is `undefined` in the tool: neither 0 nor 1.
                and pia.get("concerned_people_status") in (0, 1)
                and bool(pia["concerned_people_opinion"])
            )
        else:
            people = False
        return 7 if dpo and people else 0

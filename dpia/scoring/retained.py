"""The proposed actions the controller retained that put a catalogue measure in place.

A proposed action is named in the decision (`validation.actions[].action`) by a key. The key of an action
that puts one catalogue measure in place is defined here, where both the scoring (which counts a retained
one among the planned measures of the residual levels) and the document (which proposes it) read it.
"""

from __future__ import annotations

from dpia.model import Assessment, Measures

_MEASURE_PREFIX = "measure:"


def measure_action_key(name: str) -> str:
    """'measure:backups': the key of the action that puts the `Measures` field `name` in place."""
    return f"{_MEASURE_PREFIX}{name}"


def retained_measures(assessment: Assessment) -> list[str]:
    """The `Measures` fields whose action the controller retained, in catalogue order. An action that leaves
    the choice between several measures names none of them: it counts once the chosen one is in the plan."""
    if assessment.validation is None:
        return []
    keys = {decision.action for decision in assessment.validation.actions if decision.retained}
    return [name for name in Measures.model_fields if measure_action_key(name) in keys]

"""What the foreign-access level rests on that the answers declare without proving, and what would follow
if it failed.

A level that holds only under a reservation is stated with it (the CNIL method asks the controller to
establish what it declares). Two checks condition the foreign-access level: an external key holder that
is not named, whose independence from the chain nobody can verify, and sub-processors that take part
without being identified. For the first, the answers say what failing would mean (the holder is one of the
providers), so the consequence is found by scoring a copy of the answers in which a provider holds the
keys; for the second, nothing is known of the missing providers, so the rules can only say that the level
is reassessed once they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dpia.model import Assessment, KeyManagement, Measures
from dpia.scoring.extraterritorial import Exposure
from dpia.scoring.findings import Condition, ForeignLink, Gate, GateStatus, Levels

# A copy of the answers scored as the residual phase is: the E levels, the chain's links, and whether the
# foreign-access risk would then be high (Art. 36).
Rescore = Callable[[Assessment], tuple[Levels, Sequence[ForeignLink], bool]]

KEY_HOLDER = "GATE-KEY-HOLDER"
UNIDENTIFIED = "GATE-UNIDENTIFIED-PROVIDER"


def _held_by(assessment: Assessment, name: str, country: str) -> Assessment:
    """The answers with the keys held by `name`: the external key holder is that provider."""
    encryption = assessment.measures.encryption
    assert encryption is not None
    held = encryption.model_copy(update={"key_holder": name, "key_holder_country": country})
    measures: Measures = assessment.measures.model_copy(update={"encryption": held})
    return assessment.model_copy(update={"measures": measures})


def _key_holder(assessment: Assessment, exposures: Sequence[Exposure], rescore: Rescore) -> Condition:
    """If the unnamed holder were not independent of the providers: the worst level any provider that holds
    the data would reach by holding the keys too."""
    worst: tuple[Levels, str, str, bool] | None = None
    # The most exposed provider first: of two that would reach the same level, it is the one named.
    for exposure in sorted(exposures, key=lambda e: -e.j):
        member = exposure.member
        if member.is_controller or not member.holds_data:
            continue
        levels, links, high = rescore(_held_by(assessment, member.name, member.country))
        link = next((link for link in links if link.member == member.name), None)
        floor = link.least_reason if link is not None else ""
        if worst is None or levels.likelihood > worst[0].likelihood:
            worst = (levels, member.name, floor, high)
    if worst is None:
        return Condition(gate=KEY_HOLDER)
    levels, name, floor, high = worst
    return Condition(gate=KEY_HOLDER, if_failed=levels, member=name, floor=floor, high=high)


def foreign_access_conditions(
    assessment: Assessment, gates: Sequence[Gate], exposures: Sequence[Exposure], rescore: Rescore
) -> list[Condition]:
    """The checks to examine that the foreign-access level rests on, in the order of the checks."""
    conditions = []
    for gate in gates:
        if gate.status is not GateStatus.review:
            continue
        encryption = assessment.measures.encryption
        if (
            gate.id == KEY_HOLDER
            and encryption is not None
            and encryption.key_management is KeyManagement.external_key_holder
        ):
            conditions.append(_key_holder(assessment, exposures, rescore))
        elif gate.id == UNIDENTIFIED:
            conditions.append(Condition(gate=UNIDENTIFIED))
    return conditions

"""Which measures count: the implemented ones for initial levels, the planned ones too for residual levels.

A measure counts only when it is described: "implemented" with no description is a claim a regulator
cannot check, so it earns nothing (CNIL, PIA knowledge bases: a measure is assessed on how it is carried out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, get_args

from dpia.model import (
    AccessControlMeasure,
    Assessment,
    BackupMeasure,
    EncryptionMeasure,
    Measure,
    Measures,
    MeasureStatus,
    PseudonymisationMeasure,
)

Phase = Literal["initial", "residual"]

# The Measures field types, so that an action-plan item with no matching entry still counts.
_MEASURE_TYPES: dict[str, type[Measure]] = {
    name: next(t for t in get_args(info.annotation) if t is not type(None))
    for name, info in Measures.model_fields.items()
}


@dataclass(frozen=True)
class MeasureView:
    """The measures counted in one phase, by `Measures` field name."""

    phase: Phase
    counted: MappingProxyType[str, Measure] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, name: str) -> Measure | None:
        return self.counted.get(name)

    def has(self, name: str) -> bool:
        return name in self.counted

    def status_counts(self, status: MeasureStatus | None) -> bool:
        if status is None:
            return False
        return status is MeasureStatus.implemented or self.phase == "residual"

    @property
    def encryption(self) -> EncryptionMeasure | None:
        value = self.counted.get("encryption")
        return value if isinstance(value, EncryptionMeasure) else None

    @property
    def pseudonymisation(self) -> PseudonymisationMeasure | None:
        value = self.counted.get("pseudonymisation")
        return value if isinstance(value, PseudonymisationMeasure) else None

    def encryption_in_transit(self) -> bool:
        enc = self.encryption
        return enc is not None and self.status_counts(enc.in_transit)

    def multi_factor(self) -> bool:
        value = self.counted.get("logical_access_control")
        return isinstance(value, AccessControlMeasure) and value.multi_factor

    def restore_tested(self) -> bool:
        value = self.counted.get("backups")
        return isinstance(value, BackupMeasure) and value.restore_tested

    def with_measure(self, name: str, measure: Measure) -> MeasureView:
        return MeasureView(self.phase, MappingProxyType({**self.counted, name: measure}))


def described(measure: Measure) -> bool:
    return bool(measure.description and measure.description.strip())


def view(assessment: Assessment, phase: Phase) -> MeasureView:
    present = assessment.measures.present()
    counted: dict[str, Measure] = {
        name: measure
        for name, measure in present.items()
        if (measure.status is MeasureStatus.implemented or phase == "residual") and described(measure)
    }
    if phase == "residual":
        # An action-plan item naming a measure absent from `measures` puts it in place with defaults.
        for action in assessment.action_plan:
            if action.measure is not None and action.measure.value not in counted and action.title.strip():
                name = action.measure.value
                counted[name] = _MEASURE_TYPES[name](status=MeasureStatus.planned, description=action.title)
    ordered = {name: counted[name] for name in Measures.model_fields if name in counted}
    return MeasureView(phase, MappingProxyType(ordered))


def measure_type(name: str) -> type[Measure]:
    return _MEASURE_TYPES[name]

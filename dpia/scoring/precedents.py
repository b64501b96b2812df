"""Whether the set-up assessed is the one a decision examined (tables.yaml, `examined_setups`).

A document cites an interim-relief order for what it decided about the set-up before the judge. It may say
"this set-up" only when the answers state every fact of that set-up: the same platform and host, the same
purpose, the key held where the judge was told it was, and the data kept where they were. Otherwise it
names the set-up examined, so that the reader can compare.
"""

from __future__ import annotations

from dpia.model import Assessment, MeasureStatus, Provider, ProviderService
from dpia.scoring import rules as R
from dpia.scoring.ruledata import ExaminedSetup, ProviderMatch


def _is(provider: Provider, match: ProviderMatch) -> bool:
    return provider.kb == match.kb or provider.name.strip().casefold() in match.names


def key_holder_unverified(assessment: Assessment, source_id: str) -> bool:
    """True when the decision relied on where the key was held and the answers declare that place without
    naming the holder: the set-up is then the one described to the judge, not one this assessment can prove."""
    setup: ExaminedSetup | None = R.EXAMINED_SETUPS.get(source_id)
    encryption = assessment.measures.encryption
    if setup is None or setup.key_holder_country is None or encryption is None:
        return False
    return not (encryption.key_holder or "").strip()


def is_examined_setup(assessment: Assessment, source_id: str) -> bool:
    """True when the answers state the very set-up the decision `source_id` examined."""
    setup: ExaminedSetup | None = R.EXAMINED_SETUPS.get(source_id)
    if setup is None:
        return False
    platforms = [
        p for p in assessment.providers if p.service is ProviderService.booking_platform and _is(p, setup.processor)
    ]
    hosts = [p for p in assessment.providers if _is(p, setup.host)]
    if not platforms or not hosts:
        return False
    processing = assessment.processing
    stated = " ".join([processing.name, *processing.purposes]).casefold()
    if not all(word in stated for word in setup.purpose_words):
        return False
    encryption = assessment.measures.encryption
    if encryption is None or encryption.status is not MeasureStatus.implemented:
        return False
    if encryption.key_management.value != setup.key_management:
        return False
    if setup.key_holder_country is not None and encryption.key_holder_country != setup.key_holder_country:
        return False
    countries = {country for host in hosts for country in (*host.storage_countries, *host.backup_countries)}
    return bool(countries) and countries <= setup.data_countries

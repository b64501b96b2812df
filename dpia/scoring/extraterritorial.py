"""Extraterritorial access: who can be compelled, whether they can produce clear data, and how likely it is.

The model EXT-ACCESS: a jurisdiction class J and a technical class T per member of the chain give a
structural likelihood M[J][T], moved by at most one level by context, then held up by floors that no
measure can undo. The chain takes its worst member. A probability cross-check is shown beside it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from dpia.labels import Lang
from dpia.model import Assessment, KeyManagement, LicensorCapability, Provider, TransparencyReport
from dpia.scoring import rules as R
from dpia.scoring.events import pseudonymised_apart
from dpia.scoring.facts import Facts, in_eea
from dpia.scoring.findings import CrossCheck, ForeignLink, Level
from dpia.scoring.measures import MeasureView
from dpia.scoring.trace import Trace
from dpia.scoring.wording import Msg, Words, msg, number, render


@dataclass(frozen=True)
class Member:
    """A link of the chain: a provider, or a controller (who holds clear data and the keys)."""

    name: str
    country: str
    parent_country: str | None
    non_eu_affiliates: bool  # said yes without naming them: the least favourable reading (J1)
    controlling_countries: frozenset[str]  # non-EU affiliates that control the provider
    access_countries: frozenset[str]  # non-EU affiliates that can reach the service or the data
    unrelated_affiliates: bool  # non-EU affiliates named as having neither control nor access
    admin_abroad: frozenset[str]  # third countries the machines holding clear data are administered from
    data_countries: frozenset[str]
    processes_clear_data: bool
    holds_data: bool
    is_controller: bool
    secnumcloud: bool
    evidence: bool
    known_requests: bool
    recorded: tuple[Words, ...]  # certifications and clauses that change nothing here
    # Technology licensors outside the EEA: those that can reach the running service (operate, support,
    # reach data, or ship updates nobody qualified validates), and those whose updates a qualified
    # operator validates before deployment (a lesser channel). Each: (licensor, its third countries).
    licensor_reach: tuple[tuple[str, tuple[str, ...]], ...] = ()
    licensor_updates: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Exposure:
    """Jurisdiction class of a member, computed once (it does not depend on measures)."""

    member: Member
    j: int
    facts: tuple[Msg, ...]  # where it stands: entity, parent, data abroad...
    foreign: tuple[str, ...]  # third countries whose law reaches it, sorted
    unassessed: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    likelihood: int
    no_go: bool
    trace: Trace
    annual: list[tuple[Exposure, int, float]]  # member, T, annual probability
    links: tuple[ForeignLink, ...] = ()  # how each exposed link's likelihood was reached, for the document


def _report_country(country: str, parent_country: str | None) -> str | None:
    """The country whose requests a group's transparency report counts: the group's home outside the EEA."""
    for candidate in (parent_country, country):
        if candidate and not in_eea(candidate):
            return candidate
    return None


def members(assessment: Assessment, as_of: dt.date) -> list[Member]:
    chain: list[Member] = []
    controllers = [assessment.processing.controller, *assessment.processing.joint_controllers]
    none: frozenset[str] = frozenset()
    for org in controllers:
        chain.append(
            Member(
                org.name,
                org.country,
                None,
                False,
                none,
                none,
                False,
                none,
                none,
                True,
                True,
                True,
                False,
                False,
                False,
                (),
            )
        )
    # SecNumCloud qualifies immunity to extra-European law only from version 3.2 (§19.6).
    qualified_scheme = R.source_in_force("SNC-3-2", as_of)
    for p in assessment.providers:
        c, k = p.certifications, p.commitments
        report_country = _report_country(p.country, p.parent_country)
        # A report that counts requests for data stored outside the group's home says nothing about data
        # stored in, or administered from, that home (EDPB Recs 01/2020 v2 §46-47).
        report_blind = report_country is not None and report_country in p.data_countries
        evidence = R.in_force("EXT-ADJ-EVIDENCE", as_of) and (
            (c.secnumcloud and qualified_scheme)
            or (
                k.transparency_report is TransparencyReport.granular
                and k.challenge_foreign_requests
                and not report_blind
            )
        )
        foreign_affiliates = [a for a in p.affiliates if not in_eea(a.country)]
        reach, updates = _licensors(p, c.secnumcloud and qualified_scheme)
        recorded = tuple(
            label
            for label, present in (
                ("ISO 27001", c.iso27001),
                ("ISO 27701", c.iso27701),
                (msg("recorded_hds", version=c.hds), c.hds.value != "none"),
                (msg("recorded_no_transfer"), k.no_transfer_clause),
                (msg("recorded_challenge_only"), k.challenge_foreign_requests and not evidence),
            )
            if present
        )
        chain.append(
            Member(
                name=p.name,
                country=p.country,
                parent_country=p.parent_country,
                non_eu_affiliates=p.non_eu_affiliates and not p.affiliates,
                controlling_countries=frozenset(a.country for a in foreign_affiliates if a.controls_provider),
                access_countries=frozenset(a.country for a in foreign_affiliates if a.has_access)
                | {country for _, countries in reach for country in countries},
                unrelated_affiliates=any(not (a.controls_provider or a.has_access) for a in foreign_affiliates),
                admin_abroad=frozenset(c for c in p.administration_countries if not in_eea(c)),
                data_countries=frozenset(p.data_countries),
                processes_clear_data=p.processes_clear_data,
                holds_data=p.processes_clear_data or bool(p.storage_countries) or bool(p.backup_countries),
                is_controller=False,
                secnumcloud=c.secnumcloud and qualified_scheme,
                evidence=evidence,
                known_requests=k.known_foreign_requests,
                recorded=recorded,
                licensor_reach=reach,
                licensor_updates=updates,
            )
        )
    return chain


_REACHING = {LicensorCapability.operates, LicensorCapability.supports, LicensorCapability.reaches_data}


def _licensors(
    provider: Provider, qualified_operator: bool
) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """A licensor that can reach the running service counts as an administrator from its countries
    (EDPB Recs 01/2020, remote access); updates that a SecNumCloud-qualified operator validates before
    deploying them are a lesser channel (SecNumCloud 3.2 §19.6)."""
    reach, updates = [], []
    for licensor in provider.technology_licensors:
        countries = tuple(sorted({c for c in (licensor.country, licensor.parent_country) if c and not in_eea(c)}))
        if not countries:
            continue
        validated = licensor.operator_validates_updates and qualified_operator
        if _REACHING & set(licensor.capabilities) or not validated:
            reach.append((licensor.name, countries))
        else:
            updates.append((licensor.name, countries))
    return tuple(reach), tuple(updates)


def exposure(member: Member) -> Exposure:
    control = [c for c in (member.country, member.parent_country, *member.controlling_countries) if c and not in_eea(c)]
    # An affiliate that can reach the service or the data reaches it from its own country, as an
    # administrator there would; an unrelated subsidiary does not (SecNumCloud 3.2 §19.6 c).
    data_abroad = sorted({c for c in (*member.data_countries, *member.access_countries) if not in_eea(c)})
    foreign = tuple(sorted(set(control) | set(data_abroad)))
    unassessed = tuple(c for c in foreign if c not in R.JURISDICTIONS)
    duty = [c for c in foreign if c in R.JURISDICTIONS and R.JURISDICTIONS[c].tier is R.Tier.intelligence_duty]
    where = [msg("entity", country=member.country)]
    if member.parent_country:
        where.append(msg("parent", country=member.parent_country))
    if data_abroad:
        where.append(msg("data_reached_from", countries=tuple(data_abroad)))
    controllers_abroad = sorted(
        c for c in (member.parent_country, *member.controlling_countries) if c and not in_eea(c)
    )
    if member.controlling_countries:
        where.append(msg("controlling_affiliates", countries=tuple(sorted(member.controlling_countries))))
    if duty:
        j = 4
    elif not in_eea(member.country) or data_abroad:
        j = 3
    elif controllers_abroad:
        # J2 is control from a rule-of-law jurisdiction whose law this registry has assessed (the US in
        # CE 2021 and the Health Data Hub orders, with or without an adequacy decision at the time); an
        # unassessed country is treated as worse.
        known = [R.JURISDICTIONS.get(c) for c in controllers_abroad]
        j = 2 if all(k is not None and k.tier is R.Tier.rule_of_law for k in known) else 3
    elif member.non_eu_affiliates:
        j = 1
        where.append(msg("non_eu_affiliates"))
    else:
        j = 0
        if member.unrelated_affiliates:
            where.append(msg("unrelated_affiliates"))
    if member.licensor_updates and j < 1:
        j = 1
    if member.secnumcloud and j == 2:
        j = 1
        where.append(msg("secnumcloud_qualified"))
    return Exposure(member, j, tuple(where), foreign, unassessed)


def t_class(
    exp: Exposure, assessment: Assessment, facts: Facts, measures: MeasureView, exposed: frozenset[str]
) -> tuple[int, Msg, bool]:
    """The technical class T, why, and whether it rests on pseudonymisation (which keeps the floor F1)."""
    m = exp.member
    if m.is_controller:
        return 0, msg("t_controller"), False
    if not m.holds_data:
        return 3, msg("t_holds_nothing"), False
    t, why = 0, msg("t_no_encryption")
    enc = measures.encryption
    if enc is not None:
        km = enc.key_management
        holder: dict[str, Words] = {
            "holder": enc.key_holder or msg("holder_unnamed"),
            "country": str(enc.key_holder_country),
        }
        if km is KeyManagement.provider_managed:
            t, why = 0, msg("t_provider_keys")
        elif km is KeyManagement.customer_key_in_provider_kms:
            t, why = 1, msg("t_customer_kms")
        elif km is KeyManagement.external_key_holder and enc.key_holder == m.name:
            t, why = 0, msg("t_holds_keys")
        elif km is KeyManagement.external_key_holder and (
            (enc.key_holder or "") in exposed or not in_eea(enc.key_holder_country)
        ):
            t, why = 1, msg("t_holder_exposed", **holder)
        elif km is KeyManagement.client_side:
            t, why = (2, msg("t_client_side_clear")) if m.processes_clear_data else (3, msg("t_client_side"))
        elif m.processes_clear_data:
            t, why = 2, msg("t_holder_clear", **holder)
        else:
            t, why = 3, msg("t_holder_no_clear", **holder)
    # Pseudonymisation never replaces the key holder's class: provider-held keys stay T0/T1 (§7.6a).
    if t == 2 and pseudonymised_apart(assessment, facts, measures, exposed):
        return 3, msg("t_pseudonymised"), True
    return t, why, False


def assess_chain(assessment: Assessment, facts: Facts, measures: MeasureView, exposures: list[Exposure]) -> Outcome:
    trace = Trace()
    exposed = frozenset(e.member.name for e in exposures if e.j >= 2)
    global_adj: list[tuple[str, int, Msg]] = []
    if facts.high_interest or (facts.health_proper and facts.national_scale and facts.direct_identifiers):
        why = msg("interest_persons") if facts.high_interest else msg("interest_health", count=facts.count)
        global_adj.append(("EXT-ADJ-INTEREST", +1, why))
    # Backups whose retention is not stated may keep the data for any time: no short-window credit.
    unstated = facts.backups_declared and not facts.backup_retention_stated
    if facts.window_months <= R.SHORT_WINDOW_MONTHS and not unstated:
        global_adj.append(("EXT-ADJ-WINDOW", -1, msg("window", months=facts.window_months)))

    worst = 0
    worst_names: list[str] = []
    no_go = False
    annual: list[tuple[Exposure, int, float]] = []
    links: list[ForeignLink] = []
    for exp in exposures:
        m = exp.member
        if exp.j == 0 and not m.known_requests:
            # An unexposed member scores 1 whatever else holds; it still counts in the chain.
            annual.append((exp, 0, R.CROSS_CHECK_PRIOR[0]))
            if worst < 1:
                worst = 1
            continue
        t, t_why, pseudonymised = t_class(exp, assessment, facts, measures, exposed)
        trace.add(f"EXT-J{exp.j}", msg("exposure", member=m.name, where=exp.facts), f"J{exp.j}")
        for licensor, countries in m.licensor_reach:
            fact = msg("licensor_reach", member=m.name, licensor=licensor, countries=countries)
            trace.add("EXT-LICENSOR-REACH", fact, f"J ≥ 3 ({', '.join(countries)})")
        for licensor, countries in m.licensor_updates:
            fact = msg("licensor_updates", member=m.name, licensor=licensor, countries=countries)
            trace.add("EXT-LICENSOR-UPDATES", fact, "J ≥ 1")
        for country in exp.foreign:
            if country in R.JURISDICTIONS:
                trace.add(R.jurisdiction_rule_id(country), m.name)
        trace.add(f"EXT-T{t}", msg("member_fact", member=m.name, fact=t_why), f"T{t}")
        value = R.EXT_MATRIX[exp.j][t]
        start = value
        floor = ""
        trace.add("EXT-MATRIX", msg("member_fact", member=m.name, fact=f"M[J{exp.j}][T{t}] = {value}"), f"L0 = {value}")
        adjustments = list(global_adj)
        if m.evidence:
            why = msg("evidence_secnumcloud" if m.secnumcloud else "evidence_transparency")
            adjustments.append(("EXT-ADJ-EVIDENCE", -1, why))
        for rule_id, delta, why in adjustments:
            trace.add(rule_id, msg("member_fact", member=m.name, fact=why), f"{delta:+d}")
        net = sum(delta for _, delta, _ in adjustments)
        clipped = max(-1, min(1, net))
        if clipped != net:
            trace.add(
                "EXT-ADJ-CLIP", msg("member_fact", member=m.name, fact=msg("net", value=f"{net:+d}")), f"{clipped:+d}"
            )
        value = max(1, min(4, value + clipped))
        for recorded in m.recorded:
            if exp.j >= 2:
                trace.add("EXT-NO-EFFECT", msg("member_fact", member=m.name, fact=recorded))
        reached_from = sorted(m.admin_abroad | m.access_countries)
        least, least_reason = _least(exp, t, pseudonymised, reached_from)
        # The floor that sets the lowest level allowed is a reason for the level whenever the level rests on
        # it: when it lifts the level, and when the context brought the level down to it and no further.
        rests = {"clear_data": ("EXT-F1", 2), "keys": ("EXT-F2", 3), "admin_abroad": ("EXT-F2-ADMIN", 3)}
        if least_reason in rests and value <= least:
            rule_id, bound = rests[least_reason]
            if value < bound:
                floor = least_reason
            value = bound
            floor_fact: Words = m.name
            if least_reason == "admin_abroad":
                floor_fact = msg("admin_abroad", member=m.name, countries=tuple(reached_from))
            trace.add(rule_id, floor_fact, msg("floor", value=str(bound)))
        if exp.j == 4:
            if t <= 2:
                value, no_go, floor = 4, True, "hostile_state"
                trace.add("EXT-F3", m.name, msg("no_go"))
            elif value < 3:
                value, floor = 3, "hostile_state"
                trace.add("EXT-F3", m.name, msg("floor", value="3"))
        if m.known_requests:
            value, no_go, floor = 4, True, "known_requests"
            trace.add("EXT-F4", m.name, msg("no_go"))
        p = R.CROSS_CHECK_PRIOR[exp.j] * R.CROSS_CHECK_T_FACTOR[t]
        if any(rule_id == "EXT-ADJ-INTEREST" for rule_id, _, _ in global_adj):
            p *= R.CROSS_CHECK_INTEREST_FACTOR
        if m.evidence:
            p *= R.CROSS_CHECK_EVIDENCE_FACTOR
        annual.append((exp, t, p))
        kinds = {"EXT-ADJ-EVIDENCE": "evidence", "EXT-ADJ-WINDOW": "window", "EXT-ADJ-INTEREST": "interest"}
        links.append(
            ForeignLink(
                member=m.name,
                start=Level(start),
                lowered_by=[kinds[rule_id] for rule_id, delta, _ in adjustments if delta < 0],
                raised_by=[kinds[rule_id] for rule_id, delta, _ in adjustments if delta > 0],
                adjustment=clipped,
                floor=floor,
                likelihood=Level(value),
                jurisdiction=exp.j,
                technical=t,
                least=Level(least),
                least_reason=least_reason,
            )
        )
        if value > worst:
            worst, worst_names = value, [m.name]
        elif value == worst:
            worst_names.append(m.name)
    unexposed = [e.member.name for e in exposures if e.j == 0 and not e.member.known_requests]
    if unexposed:
        trace.add("EXT-J0", ", ".join(unexposed), msg("j0_likelihood"))
    if not facts.providers_stated:
        # Nobody said who hosts or runs the processing: the unknown chain may hold a compellable link, so
        # it takes the least favourable likelihood. No-go stays for stated facts only.
        worst = 4
        trace.add("EXT-UNKNOWN-CHAIN", msg("providers_unknown"), msg("likelihood", value="4"))
        annual.append((_unknown_chain(), 0, R.CROSS_CHECK_PRIOR[-1] * R.CROSS_CHECK_T_FACTOR[0]))
    worst = max(worst, 1)
    worst_label: Words = ", ".join(worst_names) or msg("none_exposed")
    if not facts.providers_stated:
        worst_label = msg("providers_unknown")
    trace.add(
        "EXT-CHAIN",
        msg("chain", count=len(exposures), worst=worst_label, value=str(worst)),
        msg("likelihood", value=str(worst)),
    )
    return Outcome(worst, no_go, trace, annual, tuple(links))


def _least(exp: Exposure, t: int, pseudonymised: bool, reached_from: list[str]) -> tuple[int, str]:
    """The lowest level the floors allow a link, and which floor sets it, whether or not it held the level
    up: the document says why the level cannot go lower even when the context stopped short of the floor."""
    m = exp.member
    floors = [(1, "")]
    if exp.j >= 2 and (t <= 2 or pseudonymised):
        floors.append((2, "clear_data"))
    if exp.j >= 2 and t <= 1:
        floors.append((3, "keys"))
    if m.processes_clear_data and t <= 2 and reached_from:
        floors.append((3, "admin_abroad"))
    if exp.j == 4:
        floors.append((4 if t <= 2 else 3, "hostile_state"))
    if m.known_requests:
        floors.append((4, "known_requests"))
    return max(floors, key=lambda floor: floor[0])


def _unknown_chain() -> Exposure:
    """The providers nobody stated, for the cross-check: a member of the worst jurisdiction class."""
    none: frozenset[str] = frozenset()
    member = Member("?", "?", None, True, none, none, False, none, none, True, True, False, False, False, False, ())
    return Exposure(member, len(R.CROSS_CHECK_PRIOR) - 1, (), (), ())


def _order(value: float) -> float:
    """One significant digit: 1.26e-05 becomes 1e-05."""
    return float(f"{value:.0e}") if value > 0 else 0.0


def cross_check(outcome: Outcome, facts: Facts, lang: Lang) -> CrossCheck:
    survive = 1.0
    for _, _, p in outcome.annual:
        survive *= 1.0 - p
    # Orders of magnitude only: the priors are judgements, and more digits would be false precision
    # (FDPIC, 13 May 2022).
    p_year = _order(1.0 - survive)
    years = min(facts.window_months / 12.0, R.CROSS_CHECK_HORIZON_YEARS)
    probability = _order(1.0 - (1.0 - p_year) ** years)
    band = 1 + sum(probability >= bound for bound in R.CROSS_CHECK_BANDS)
    once = msg("once_in", years=10 ** round(math.log10(1 / p_year))) if p_year > 0 else msg("never")
    terms = " × ".join(f"(1 − {number(p, lang)})" for _, _, p in outcome.annual)
    formula = msg(
        "cross_check",
        terms=terms,
        p=msg("order", value=p_year),
        once=once,
        months=facts.window_months,
        horizon=R.CROSS_CHECK_HORIZON_YEARS,
        years=years,
        probability=msg("order", value=probability),
    )
    return CrossCheck(
        annual_probability=float(f"{p_year:.6g}"),
        years=float(f"{years:.6g}"),
        probability=float(f"{probability:.6g}"),
        formula=render(formula, lang),
        band=Level(band),
        agrees=abs(band - outcome.likelihood) <= 1,
    )

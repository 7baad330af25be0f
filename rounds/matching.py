"""Optimal matching of students to assignments for a rotation round (pure: no ORM).

The problem is a min-cost flow (OR-Tools SimpleMinCostFlow, exact and integral):

    student --(1, cost of that choice)--> assignment --(min_capacity, -MIN_BONUS)--> supervisor --(max)--> sink
                                                     \\-(capacity - min, 0)------/
    student --(1, UNPLACED)------------------------------------------------------------------------> sink

so one placement per student, assignment capacities, supervisor loads and minimum fills are all
constraints of one network and the solver minimises the total cost over all students at once.
Arcs to assignments the student may not take (a unit already done in this programme, an overlapping
period) are never created. Each student's arcs are their ranked assignments plus a few unranked,
well-fitting ones (`unranked_candidates`); the optimum is exact over that candidate set, which is what
keeps 10k students x 2k assignments well under a second. Same input, same output: inputs are sorted by
id and the arcs are built in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

RANK_STEP = 100  # cost of each step down a student's ranking
UNRANKED_PENALTY = 1_000  # an assignment the student did not rank at all
FIT_BACKGROUND = 60  # assignment asks for backgrounds the student has none of
FIT_LEVEL = 80  # assignment asks for other levels
FAIRNESS = 0.25  # extra weight per rank step the student got below 1st choice last round
FAIRNESS_CAP = 2.0  # at most 3x the weight
MIN_BONUS = 5_000  # filling a minimum slot beats any choice difference
UNPLACED = 100_000  # leaving a student without a placement


@dataclass(frozen=True)
class StudentIn:
    id: int
    ranking: tuple[int, ...] = ()  # assignment ids, 1st choice first
    backgrounds: frozenset[str] = frozenset()
    level: str = ""
    blocked: frozenset[int] = frozenset()  # assignment ids not allowed (unit done, overlap)
    previous_rank: int | None = None  # achieved rank last round (None: first round or unranked)
    done: frozenset[int] = frozenset()  # the blocked ones of a unit done in this programme (the reason's words)


@dataclass(frozen=True)
class AssignmentIn:
    id: int
    capacity: int
    min_capacity: int = 0
    supervisor_id: int | None = None
    wanted_backgrounds: frozenset[str] = frozenset()
    wanted_levels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    student_id: int
    assignment_id: int | None
    cost: int
    rank: int | None  # rank of the assignment in the student's list, None if unranked / unplaced
    reason: str  # a code such as "rank:2;1:full", put into words by rounds.reasons.reason_text


@dataclass
class MatchResult:
    matches: list[Match]
    under_minimum: dict[int, tuple[int, int]] = field(default_factory=dict)  # id -> (filled, minimum)
    total_cost: int = 0

    def by_student(self) -> dict[int, Match]:
        return {m.student_id: m for m in self.matches}


def fit_cost(student: StudentIn, assignment: AssignmentIn) -> int:
    cost = 0
    if assignment.wanted_backgrounds and not (assignment.wanted_backgrounds & student.backgrounds):
        cost += FIT_BACKGROUND
    if assignment.wanted_levels and student.level not in assignment.wanted_levels:
        cost += FIT_LEVEL
    return cost


def fairness_weight(previous_rank: int | None) -> float:
    if not previous_rank or previous_rank <= 1:
        return 1.0
    return 1.0 + min(FAIRNESS * (previous_rank - 1), FAIRNESS_CAP)


def choice_cost(student: StudentIn, assignment: AssignmentIn, rank: int | None) -> int:
    """Cost of placing `student` on `assignment` (`rank` 1-based, None when not ranked)."""
    if rank is None:
        return UNRANKED_PENALTY + fit_cost(student, assignment)
    weight = fairness_weight(student.previous_rank)
    return round((rank - 1) * RANK_STEP * weight) + fit_cost(student, assignment)


def _fit_tables(students, assignments):
    """Fit cost of every assignment per student profile (level, backgrounds): computed once per profile."""
    tables: dict = {}
    for student in students:
        profile = (student.level, student.backgrounds)
        if profile not in tables:
            tables[profile] = {a.id: fit_cost(student, a) for a in assignments}
    return tables


def _unranked_candidates(students, tables, k):
    """Up to k unranked, allowed assignments per student: best fit first, spread across students."""
    if k <= 0:
        return [()] * len(students)
    tiers_by_profile: dict = {}
    for profile, costs in tables.items():
        tiers: dict[int, list[int]] = {}
        for aid, cost in costs.items():
            tiers.setdefault(cost, []).append(aid)
        tiers_by_profile[profile] = [tiers[c] for c in sorted(tiers)]
    everything = frozenset(next(iter(tables.values()), ()))  # every assignment's id
    out = []
    for index, student in enumerate(students):
        if everything <= student.blocked:
            # Blocked everywhere (another placement in the period): nothing to pick, so no need to look
            # through every assignment for it (seconds at 100k students x 20k assignments).
            out.append(())
            continue
        taken = set(student.ranking) | student.blocked
        picked: list[int] = []
        for tier in tiers_by_profile[(student.level, student.backgrounds)]:
            # Rotate the start so students of one profile do not all compete for the same few.
            start = (index * 7) % len(tier)
            for offset in range(len(tier)):
                aid = tier[(start + offset) % len(tier)]
                if aid not in taken:
                    picked.append(aid)
                    if len(picked) == k:
                        break
            if len(picked) == k:
                break
        out.append(tuple(picked))
    return out


def match(
    students: Iterable[StudentIn],
    assignments: Iterable[AssignmentIn],
    supervisor_capacity: Mapping[int, int] | None = None,
    *,
    unranked_candidates: int = 3,
) -> MatchResult:
    """Place each student on at most one assignment at minimum total cost.

    supervisor_capacity: supervisor id -> places still free for this period (max_students minus their
    other placements); supervisors not listed are unlimited. Guarantees every constraint in the module
    docstring; never raises for an infeasible instance (students that cannot be placed are unplaced).
    """
    students = sorted(students, key=lambda s: s.id)
    assignments = sorted(assignments, key=lambda a: a.id)
    supervisor_capacity = supervisor_capacity or {}
    a_index = {a.id: i for i, a in enumerate(assignments)}
    supervisors = sorted({a.supervisor_id for a in assignments if a.supervisor_id in supervisor_capacity})
    s_count, a_count = len(students), len(assignments)
    sup_node = {sid: s_count + a_count + i for i, sid in enumerate(supervisors)}
    sink = s_count + a_count + len(supervisors)

    tails, heads, caps, costs = [], [], [], []
    cand_rank: list[list[tuple[int, int | None, int]]] = []  # per student: (assignment index, rank, cost)
    tables = _fit_tables(students, assignments)
    extra = _unranked_candidates(students, tables, unranked_candidates)
    for si, student in enumerate(students):
        fit = tables[(student.level, student.backgrounds)]
        step = RANK_STEP * fairness_weight(student.previous_rank)
        options = []
        seen = set()
        for rank, aid in enumerate(student.ranking, start=1):
            ai = a_index.get(aid)
            if ai is None or aid in student.blocked or aid in seen:
                continue
            seen.add(aid)
            options.append((ai, rank, round((rank - 1) * step) + fit[aid]))
        for aid in extra[si]:
            options.append((a_index[aid], None, UNRANKED_PENALTY + fit[aid]))
        cand_rank.append(options)
        for ai, _rank, cost in options:
            tails.append(si)
            heads.append(s_count + ai)
            caps.append(1)
            costs.append(cost)
        tails.append(si)
        heads.append(sink)
        caps.append(1)
        costs.append(UNPLACED)
    for ai, a in enumerate(assignments):
        head = sup_node.get(a.supervisor_id, sink)
        minimum = min(a.min_capacity, a.capacity)
        if minimum:
            tails.append(s_count + ai)
            heads.append(head)
            caps.append(minimum)
            costs.append(-MIN_BONUS)
        if a.capacity - minimum:
            tails.append(s_count + ai)
            heads.append(head)
            caps.append(a.capacity - minimum)
            costs.append(0)
    for sid in supervisors:
        tails.append(sup_node[sid])
        heads.append(sink)
        caps.append(max(0, supervisor_capacity[sid]))
        costs.append(0)

    flows = _solve(tails, heads, caps, costs, students=s_count, sink=sink)
    return _explain(students, assignments, cand_rank, flows, supervisor_capacity)


def _solve(tails, heads, caps, costs, *, students: int, sink: int):
    """The flow on each arc of the optimal solution: one unit from each student node to the sink.

    OR-Tools is imported here, not with the module: the round pages import this module, and loading it at
    start-up made every web and Celery process 18 MiB larger (110 -> 92 MiB) though few ever match.
    """
    import numpy as np
    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.asarray(caps, dtype=np.int64),
        np.asarray(costs, dtype=np.int64),
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:students] = 1
    supplies[sink] = -students
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - the unplaced arcs make every instance feasible
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return flow.flows(arcs)


def _explain(students, assignments, cand_rank, flows, supervisor_capacity) -> MatchResult:
    s_count = len(students)
    chosen: list[tuple[int | None, int | None, int]] = []
    pos = 0
    for si in range(s_count):
        picked = (None, None, UNPLACED)
        for ai, rank, cost in cand_rank[si]:
            if flows[pos]:
                picked = (ai, rank, cost)
            pos += 1
        pos += 1  # the unplaced arc
        chosen.append(picked)
    filled = [0] * len(assignments)
    sup_load: dict[int, int] = {}
    for ai, _rank, _cost in chosen:
        if ai is not None:
            filled[ai] += 1
            sid = assignments[ai].supervisor_id
            sup_load[sid] = sup_load.get(sid, 0) + 1

    def why_not(aid: int, student: StudentIn) -> str:
        if aid in student.done:
            return "unit_done"
        if aid in student.blocked:
            return "not_allowed"
        a = assignments[a_pos[aid]] if aid in a_pos else None
        if a is None:
            return "not_on_offer"
        if filled[a_pos[aid]] >= a.capacity:
            return "full"
        sid = a.supervisor_id
        if sid in supervisor_capacity and sup_load.get(sid, 0) >= supervisor_capacity[sid]:
            return "supervisor_max"
        return "better_total"

    a_pos = {a.id: i for i, a in enumerate(assignments)}
    matches = []
    for student, (ai, rank, cost) in zip(students, chosen, strict=True):
        above = student.ranking[: rank - 1] if rank else student.ranking
        notes = [f"{r}:{why_not(aid, student)}" for r, aid in enumerate(above, start=1)]
        if ai is None:
            head = "unplaced:full" if student.ranking else "unplaced:no_preferences"
            matches.append(Match(student.id, None, cost, None, ";".join([head, *notes[:3]])))
            continue
        if rank:
            head = f"rank:{rank}"
        else:  # an assignment the student did not rank: none of their choices, or no choice at all
            head = f"unranked:none_free:{len(student.ranking)}" if student.ranking else "unranked"
        matches.append(Match(student.id, assignments[ai].id, cost, rank, ";".join([head, *notes[:3]])))
    under = {
        a.id: (filled[i], a.min_capacity)
        for i, a in enumerate(assignments)
        if filled[i] < min(a.min_capacity, a.capacity)
    }
    total = sum(m.cost for m in matches)
    return MatchResult(matches=matches, under_minimum=under, total_cost=total)


def greedy_baseline(
    students: Iterable[StudentIn],
    assignments: Iterable[AssignmentIn],
    supervisor_capacity: Mapping[int, int] | None = None,
) -> MatchResult:
    """First come, first served by student id down each ranking: the baseline matching is compared to."""
    supervisor_capacity = dict(supervisor_capacity or {})
    by_id = {a.id: a for a in assignments}
    free = {a.id: a.capacity for a in by_id.values()}
    matches = []
    for student in sorted(students, key=lambda s: s.id):
        placed = None
        for rank, aid in enumerate(student.ranking, start=1):
            a = by_id.get(aid)
            if a is None or aid in student.blocked or free[aid] <= 0:
                continue
            if a.supervisor_id in supervisor_capacity and supervisor_capacity[a.supervisor_id] <= 0:
                continue
            free[aid] -= 1
            if a.supervisor_id in supervisor_capacity:
                supervisor_capacity[a.supervisor_id] -= 1
            placed = Match(student.id, aid, choice_cost(student, a, rank), rank, f"rank:{rank}")
            break
        matches.append(placed or Match(student.id, None, UNPLACED, None, "unplaced"))
    return MatchResult(matches=matches, total_cost=sum(m.cost for m in matches))


def choice_shares(result: MatchResult | Sequence[Match]) -> dict:
    """Fairness figures: share of students with their 1st / a top-3 choice, worst rank, unplaced."""
    matches = result.matches if isinstance(result, MatchResult) else list(result)
    n = len(matches) or 1
    ranks = [m.rank for m in matches if m.rank]
    return {
        "students": len(matches),
        "first": sum(1 for r in ranks if r == 1) / n,
        "top3": sum(1 for r in ranks if r <= 3) / n,
        "worst_rank": max(ranks) if ranks else None,
        "unranked": sum(1 for m in matches if m.assignment_id and not m.rank),
        "unplaced": sum(1 for m in matches if m.assignment_id is None),
    }

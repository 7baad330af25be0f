"""Matching benchmark: 10,000 students over 2,000 assignments, optimal vs greedy.

Run: .venv/bin/python bench/matching_bench.py [students] [assignments]
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rounds.matching import AssignmentIn, StudentIn, choice_shares, greedy_baseline, match

LEVELS = ["mbo3", "mbo4", "hbo", "wo"]
BACKGROUNDS = ["law", "it", "criminology", "social", "data", "public-admin"]


def instance(n_students=10_000, n_assignments=2_000, seed=1):
    rng = random.Random(seed)
    assignments = []
    for aid in range(1, n_assignments + 1):
        capacity = rng.randint(3, 8)
        assignments.append(
            AssignmentIn(
                id=aid,
                capacity=capacity,
                min_capacity=rng.choice([0, 0, 1]),
                supervisor_id=rng.randint(1, n_assignments // 2),
                wanted_backgrounds=frozenset(rng.sample(BACKGROUNDS, rng.randint(0, 2))),
                wanted_levels=frozenset(rng.sample(LEVELS, rng.randint(0, 2))),
            )
        )
    weights = [1 / (i + 1) ** 0.6 for i in range(n_assignments)]  # popular assignments exist
    students = []
    for sid in range(1, n_students + 1):
        ranking = []
        while len(ranking) < 5:
            aid = rng.choices(range(1, n_assignments + 1), weights)[0]
            if aid not in ranking:
                ranking.append(aid)
        students.append(
            StudentIn(
                id=sid,
                ranking=tuple(ranking),
                backgrounds=frozenset(rng.sample(BACKGROUNDS, 2)),
                level=rng.choice(LEVELS),
                blocked=frozenset(rng.sample(range(1, n_assignments + 1), 3)),
                previous_rank=rng.choice([None, 1, 2, 3, 5]),
            )
        )
    supervisors = dict.fromkeys(range(1, n_assignments // 2 + 1), 12)
    return students, assignments, supervisors


def main():
    n_s = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    n_a = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
    students, assignments, supervisors = instance(n_s, n_a)
    t0 = time.perf_counter()
    optimal = match(students, assignments, supervisors)
    t1 = time.perf_counter()
    greedy = greedy_baseline(students, assignments, supervisors)
    t2 = time.perf_counter()
    print(f"students={n_s} assignments={n_a} capacity={sum(a.capacity for a in assignments)}")
    print(f"optimal: {t1 - t0:.3f} s  cost={optimal.total_cost}  {choice_shares(optimal)}")
    print(f"greedy:  {t2 - t1:.3f} s  cost={greedy.total_cost}  {choice_shares(greedy)}")


if __name__ == "__main__":
    main()

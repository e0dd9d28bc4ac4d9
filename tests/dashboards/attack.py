"""A differencing attacker with an integer-programming solver (OR-Tools CP-SAT).

The attacker knows the rules of foundry/privacy.py, not its key. Unknowns: the true number of
graduates of each programme × cohort × outcome category, of salaries given and of students with
an internship per programme × cohort. Every published figure becomes constraints on sums of
unknowns: a count shown as P is within P ± (base − 1) of the truth (± 2 under HESA rounding);
the same true count always shows the same (so two different shown counts are two different
true counts); a shown percentage is rounded-numerator ÷ rounded-denominator exactly, over a
group of at least 22.5 people; a percentage withheld for a small group says the group is
smaller; "–" says it is empty. A protected figure is *pinned* when every solution of the
model gives it the same value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ortools.sat.python import cp_model

from foundry.dashboards.metrics import CAREER, CATEGORIES, KNOWN

Key = tuple  # ("x", programme, cohort, category) | ("s", programme, cohort) | ("y", …)
RATE_SETS = {
    "knowledge_rate": (KNOWN, CATEGORIES),
    "career_outcomes_rate": (CAREER, tuple(c for c in KNOWN if c != "not_seeking")),
    "full_time_rate": (("employed_full_time",), KNOWN),
    "further_study_rate": (("further_study",), KNOWN),
    "seeking_rate": (("seeking",), KNOWN),
}


@dataclass
class Published:
    """What the attacker collected: counts and rates over sets of unknowns. `base`: counts are
    rounded to multiples of it (1: true figures)."""

    base: int = 5
    counts: dict[frozenset, int] = field(default_factory=dict)
    rates: list[tuple[frozenset, frozenset, Fraction]] = field(default_factory=list)
    small_groups: set[frozenset] = field(default_factory=set)  # rate withheld: < 22.5
    empty: set[frozenset] = field(default_factory=set)

    def count(self, cells: frozenset, shown: int) -> None:
        """A published count; the same set always shows the same count (the rule)."""
        previous = self.counts.setdefault(cells, shown)
        assert previous == shown, f"one set of people shown as {previous} and as {shown}"

    def rate(self, numerator: frozenset, denominator: frozenset, cell: dict) -> None:
        """A published (or withheld) percentage from an API cell."""
        if cell["value"] is not None:
            self.rates.append((numerator, denominator,
                               Fraction(cell["value"]).limit_denominator(10_000)))
        elif cell["reason"] == "few_people":
            self.small_groups.add(denominator)
        elif cell["text"] == "–":
            self.empty.add(denominator)


def outcome_cells(programmes, cohorts, categories) -> frozenset:
    """The unknowns of some programmes × cohorts × categories."""
    return frozenset(("x", p, c, k) for p in programmes for c in cohorts for k in categories)


def pinned(published: Published, truth: dict[Key, int], slack: int,
           targets: dict[str, frozenset]) -> list[str]:
    """The targets (name → set of unknowns) whose value every solution agrees on."""
    model = cp_model.CpModel()
    var = {key: model.new_int_var(0, 200, str(key)) for key in truth}
    sums: dict[frozenset, cp_model.IntVar] = {}

    def total(cells: frozenset):  # one variable per set of unknowns: a small model
        if len(cells) == 1:
            return var[next(iter(cells))]
        if cells not in sums:
            sums[cells] = model.new_int_var(0, 200 * len(cells), "")
            model.add(sums[cells] == sum(var[k] for k in cells))
        return sums[cells]

    for key in truth:
        if key[0] in ("s", "y"):  # at most the full-time employed / the students
            cap = ("employed_full_time",) if key[0] == "s" else CATEGORIES
            model.add(var[key] <= total(outcome_cells([key[1]], [key[2]], cap)))
    add_counts(model, published, total, slack)
    add_rates(model, published, total, slack)
    expected = {name: sum(truth[k] for k in cells) for name, cells in targets.items()}
    moves = {}
    for name, cells in targets.items():
        up, down = model.new_bool_var(f"up {name}"), model.new_bool_var(f"down {name}")
        model.add(total(cells) >= expected[name] + 1).only_enforce_if(up)
        model.add(total(cells) <= expected[name] - 1).only_enforce_if(down)
        moves[name] = (up, down)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    solver.parameters.cp_model_presolve = False  # the same model is solved many times
    assert solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE), "the truth must fit"
    # One target at a time, ask for a solution where it is above (then below) its true value;
    # every solution frees all the targets it moves, so few solves are needed.
    open_names, stuck = list(targets), []
    while open_names:
        name = open_names.pop()
        solution = None
        for literal in moves[name]:
            model.clear_assumptions()
            model.add_assumptions([literal])
            if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                solution = {k: solver.value(v) for k, v in var.items()}
                break
        if solution is None:
            stuck.append(name)
            continue
        open_names = [n for n in open_names
                      if sum(solution[k] for k in targets[n]) == expected[n]]
    return stuck


def add_counts(model, published: Published, total, slack: int) -> None:
    """Each count within ± slack of its shown value; two sets shown differently hold
    different true counts (the rounding of a count depends on the count alone)."""
    uses: dict[tuple[int, int], list] = {}  # (shown, true value) → literals "set has value"
    for cells, shown in published.counts.items():
        low, high = max(0, shown - slack), shown + slack
        model.add(total(cells) >= low)
        model.add(total(cells) <= high)
        if slack == 0:
            continue
        literals = []
        for value in range(low, high + 1):
            literal = model.new_bool_var("")
            model.add(total(cells) == value).only_enforce_if(literal)
            uses.setdefault((shown, value), []).append(literal)
            literals.append(literal)
        model.add_exactly_one(literals)
    used = {}
    for key, literals in uses.items():
        used[key] = model.new_bool_var("")
        for literal in literals:
            model.add_implication(literal, used[key])
    for (shown, value), flag in used.items():
        for (other, other_value), other_flag in used.items():
            if other_value == value and other > shown:
                model.add_bool_or([flag.Not(), other_flag.Not()])


def add_rates(model, published: Published, total, slack: int) -> None:
    """Shown percentages: rounded numerator ÷ rounded denominator, over ≥ 23 people."""
    base = published.base
    for numerator, denominator, value in published.rates:
        if base > 1:
            model.add(total(denominator) >= 23)
        a, b = (model.new_int_var(0, 200, "") for _ in range(2))
        for cells, v in ((denominator, a), (numerator, b)):
            if cells in published.counts:
                model.add(base * v == published.counts[cells])
            model.add(total(cells) - base * v <= slack)
            model.add(base * v - total(cells) <= slack)
        if value == 1:
            model.add(b >= a)
        else:
            model.add(value.denominator * b == value.numerator * a)
    for cells in published.small_groups:
        model.add(total(cells) <= 22)
    for cells in published.empty:
        model.add(total(cells) == 0)

"""Every formula shown on the dashboards, in ONE place.

The metric functions get these texts appended to their docstrings (`documented`), and pages
show them in footnotes and hover text, so the code's definition and the reader's never drift.
The texts are English msgids, translated at display time with gettext.
"""

from __future__ import annotations

from collections.abc import Callable


def _l(text: str) -> str:
    """Marks a msgid for `pybabel extract` (-k _l); translated at display time with gettext."""
    return text


FORMULAS: dict[str, str] = {
    "cohort_size": _l("Cohort size = students whose graduating academic year (1 July – 30 June) is "
                      "the cohort"),
    "knowledge_rate": _l("Knowledge rate = graduates with a known outcome (every category but "
                         "“no information”) ÷ all graduates of the cohort"),
    "career_outcomes_rate": _l("Career outcomes rate = (all employed kinds + further study + "
                               "service) ÷ (known − not seeking)"),
    "full_time_rate": _l("Full-time employment rate = employed full-time ÷ graduates with a known "
                         "outcome"),
    "further_study_rate": _l("Further-study rate = in further study ÷ graduates with a known "
                             "outcome"),
    "seeking_rate": _l("Still-seeking rate = still seeking work or study ÷ graduates with a known "
                       "outcome"),
    "median_salary": _l("Median annual salary = middle value (mean of the two middle values) of "
                        "the annual salaries (HKD) of graduates employed full-time who gave one"),
    "park_share": _l("Science Park placement share = employed graduates whose employer is a "
                     "Science Park company of the directory ÷ all employed graduates"),
    "location_split": _l("Location split = employed graduates by place of work ÷ all employed "
                         "graduates"),
    "time_to_outcome": _l("Time to outcome = median days from graduation to the date the outcome "
                          "became known, for graduates employed, studying or in service"),
    "participation_rate": _l("Internship participation rate = students of the cohort with at least "
                             "one confirmed internship ÷ cohort"),
    "return_offer_rate": _l("Return-offer rate = completed internships whose company made a job "
                            "offer ÷ completed internships"),
    "funnel": _l("Application funnel = applications ever submitted → ever shortlisted (or later "
                 "stage) → ever offered → accepted, counted from the time each stage was reached"),
    "mentoring_reach": _l("Mentoring reach = students with an active or closed mentorship ÷ "
                          "cohort; sessions and hours per pair = logged sessions (hours) ÷ pairs"),
    "skills_gap": _l("Skills gap = mean of (level expected − level observed) over companies' "
                     "ratings; share with gap ≥ 1 = ratings where expected − observed ≥ 1 ÷ "
                     "ratings"),
    "clusters": _l("Internships and hires by cluster = confirmed internships, and graduates "
                   "employed at a directory company, by the company's cluster"),
    "top_employers": _l("Top employers = graduates employed at each Science Park company "
                        "(companies with fewer than 5 are not listed)"),
    "privacy": _l("Privacy: every count is rounded to a multiple of %(base)s (a count between "
                  "two multiples goes up or down, always the same way for the same number), so "
                  "0 may stand for 1–%(below)s people; percentages are worked out from the "
                  "rounded counts and not published for groups of fewer than %(pct)s people; "
                  "averages need %(mean)s contributors, medians and percentiles %(q)s values "
                  "(interpolated, salaries to the nearest HKD %(money)s); figures pooling other "
                  "universities need %(others)s other universities, none over %(share)s of "
                  "them. “n/p” marks a figure not published under these rules."),
    "withheld_few_people": _l("n/p: a percentage of a group of fewer than %(pct)s people is "
                              "not published."),
    "withheld_few_contributors": _l("n/p: an average needs at least %(mean)s contributors, a "
                                    "median or percentile at least %(q)s values."),
    "withheld_pooled": _l("n/p (%(label)s): a figure pooling other universities is shown only "
                          "when at least %(others)s other universities contribute and none "
                          "contributes over %(share)s of them."),
}


def documented(key: str) -> Callable[[Callable], Callable]:
    """Append FORMULAS[key] to a function's docstring (one source for code and pages)."""

    def decorator(function: Callable) -> Callable:
        function.__doc__ = f"{(function.__doc__ or '').strip()}\n\nFormula: {FORMULAS[key]}."
        function.formula_key = key  # type: ignore[attr-defined]
        return function

    return decorator

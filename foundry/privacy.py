"""Small-number suppression for every aggregate shown outside the admin role (PDPO).

A count resting on fewer than SUPPRESSION_THRESHOLD students shows as "<5" with no rate.
"""

from __future__ import annotations

from flask import current_app


def threshold() -> int:
    """The configured minimum number of students behind a published figure (never below 3)."""
    return max(3, int(current_app.config.get("SUPPRESSION_THRESHOLD", 5)))


def is_suppressed(count: int | None) -> bool:
    """Whether a count is too small to publish (zero is not identifying and is shown)."""
    return count is not None and 0 < count < threshold()

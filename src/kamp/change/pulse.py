"""Pulse survey results, shown only when enough people answered to keep them anonymous.

Pure computation over the answers' plain values; :mod:`kamp.change.selectors` feeds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from collections.abc import Sequence

#: The fewest answers whose results are shown; override with ``KAMP_PULSE_MIN_ANSWERS`` (never
#: below 2, or one's own answer would reveal the other's).
DEFAULT_MIN_ANSWERS = 5


def min_answers() -> int:
    """The anonymity threshold in force."""
    return max(2, int(getattr(settings, "KAMP_PULSE_MIN_ANSWERS", DEFAULT_MIN_ANSWERS)))


@dataclass(frozen=True)
class QuestionResult:
    """One 1–5 question: its mean and how many gave each score."""

    text: str
    mean: float
    distribution: list[int]


@dataclass(frozen=True)
class PulseResults:
    """A survey's results; ``shown`` is false, and the rest empty, below the threshold."""

    answers: int
    threshold: int
    questions: list[QuestionResult]
    comments: list[str]

    @property
    def shown(self) -> bool:
        return self.answers >= self.threshold


def pulse_results(
    questions: Sequence[str], answers: Sequence[tuple[Sequence[int], str]], threshold: int
) -> PulseResults:
    """Means and distributions per question and the free-text comments (sorted, so their
    order says nothing about who wrote them), or only the count below ``threshold``."""
    if len(answers) < threshold:
        return PulseResults(len(answers), threshold, [], [])
    results = []
    for index, text in enumerate(questions):
        scores = [s[index] for s, _comment in answers if index < len(s)]
        mean = round(sum(scores) / len(scores), 2) if scores else 0.0
        results.append(QuestionResult(text, mean, [scores.count(n) for n in range(1, 6)]))
    comments = sorted(comment for _s, comment in answers if comment)
    return PulseResults(len(answers), threshold, results, comments)

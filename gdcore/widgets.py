"""The site's α explorer and stepper: each frame's figure name, words and numbers.

Read by the site's hook that writes the two widgets; every word and number comes from
the scenarios (``ALPHA_SWEEP``, ``STEPPER``) filled by ``text``.
"""

from __future__ import annotations

from gdcore.scenarios import ALPHA_SWEEP, STEPPER
from gdcore.text import fill, fmt, run_summary

__all__ = ["explorer_entries", "stepper_entries"]


def explorer_entries(lang: str) -> list[dict[str, str]]:
    """The α explorer's frames in order: figure name, α, label, summary line, alt text."""
    out = []
    for frame in ALPHA_SWEEP.frames:
        run = frame.runs["run"]
        out.append(
            {
                "figure": frame.name,
                "alpha": fmt(run.alpha),
                "regime": ALPHA_SWEEP.regime(run.alpha),
                "label": fill(frame.title[lang], frame, lang),
                "summary": run_summary(frame.long_runs["run"], lang),
                "alt": fill(frame.desc[lang], frame, lang),
            }
        )
    return out


def stepper_entries(lang: str) -> list[dict[str, str]]:
    """The stepper's frames in order: figure name, k, θ_k, slope, step size, label, alt."""
    out = []
    for frame in STEPPER:
        run = frame.runs[frame.series[0].id]
        k = frame.highlight or 0
        out.append(
            {
                "figure": frame.name,
                "k": str(k),
                "theta": fmt(run.theta[k]),
                "slope": fmt(run.slope[k]),
                "step": fmt(run.step_sizes[k]) if k < run.n_steps else "",
                "label": fill(frame.title[lang], frame, lang),
                "alt": fill(frame.desc[lang], frame, lang),
            }
        )
    return out

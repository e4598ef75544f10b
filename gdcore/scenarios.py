"""The lecture's scenarios, declared once, as data.

The renderer, the command line, the site and the tests all read these. A
scenario names its cost, the runs it shows (α, θ0, steps) and the words that
go with it in each language. Words are templates filled from the computed runs
(``{p.slope0}`` is the slope at θ0 of the series with id ``p``; see
``text.fill``), so no number
in a figure's text is typed by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from gdcore.costs import LECTURE_COST, WAVY_COST, Cost
from gdcore.descent import MAX_STEPS, Run, descend

__all__ = [
    "ALPHA_SWEEP",
    "FIGURES",
    "LANGS",
    "REGIMES",
    "SCENARIOS",
    "STEPPER",
    "Scenario",
    "Series",
    "Sweep",
    "Text",
    "get",
]

LANGS: tuple[str, ...] = ("zh", "en")

Text = Mapping[str, str]
"""One string per language in LANGS."""


@dataclass(frozen=True)
class Series:
    """One run of gradient descent shown in a figure.

    ``id`` names the run in the figure's metadata and in the SVG element that
    holds its markers. ``colors`` gives one colour role per drawn point (the
    last repeats); ``tangent`` draws the tangent at θ0.
    """

    id: str
    theta0: float
    alpha: float
    steps: int
    label: Text
    colors: tuple[str, ...] = ("blue",)
    tangent: bool = False
    long_steps: int = MAX_STEPS

    def run(self, cost: Cost) -> Run:
        return descend(cost, self.alpha, self.theta0, self.steps)

    def long_run(self, cost: Cost) -> Run:
        """The same start and α run on until it converges, diverges or hits long_steps."""
        return descend(cost, self.alpha, self.theta0, self.long_steps)


@dataclass(frozen=True)
class Scenario:
    name: str
    section: int
    cost: Cost
    series: tuple[Series, ...]
    title: Text
    desc: Text
    note: Text | None = None  # an in-figure box: the update with its numbers
    mark_minima: Mapping[str, Text] = field(default_factory=dict)
    highlight: int | None = None  # a stepper frame: the iterate k that is ringed
    # The plot window. None (the default): derived from the runs and the minima
    # (plot_window), so that a change to the data still gives a figure that shows it.
    theta_window: tuple[float, float] | None = None
    J_window: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.theta_window is None or self.J_window is None:
            theta, J = plot_window(self.cost, list(self.runs.values()))
            object.__setattr__(self, "theta_window", self.theta_window or theta)
            object.__setattr__(self, "J_window", self.J_window or J)

    @cached_property
    def runs(self) -> dict[str, Run]:
        """Each series' run as shown: its id to its Run."""
        return {s.id: s.run(self.cost) for s in self.series}

    @cached_property
    def long_runs(self) -> dict[str, Run]:
        """Each series run on until it converges, diverges or reaches MAX_STEPS."""
        return {s.id: s.long_run(self.cost) for s in self.series}


def plot_window(cost: Cost, runs: list[Run]) -> tuple[tuple[float, float], tuple[float, float]]:
    """A plot window that shows every iterate of ``runs`` and the valley they are in.

    θ spans the iterates and the cost's minima; with a single minimum, also the mirror
    image of the iterates, so that both sides of the bowl show. J spans 0 (or the lowest
    value of J in view) to the highest iterate, with room above for the tangent and the
    note and a margin below for the move drawn along the θ₁ axis.
    """
    thetas = [t for run in runs for t in run.theta]
    points = thetas + list(cost.minima)
    if len(cost.minima) == 1:
        (m,) = cost.minima
        points += [2 * m - t for t in thetas]
    lo, hi = min(points), max(points)
    pad = max(0.2 * (hi - lo), 0.5)
    theta_window = (lo - pad, hi + pad)
    grid = [theta_window[0] + i * (theta_window[1] - theta_window[0]) / 200 for i in range(201)]
    inner = [t for t in grid if lo <= t <= hi] or grid
    curve = [float(cost.J(t)) for t in inner]
    js = [j for run in runs for j in run.J]
    j_lo = min([0.0, *curve, *js])
    # With two minima the hump between them is part of the picture.
    j_hi = max([*js, *(curve if len(cost.minima) > 1 else [])])
    span = max(j_hi - j_lo, 1e-9)
    return theta_window, (j_lo - 0.08 * span, j_hi + 0.3 * span)


# How every description of the lecture's cost begins (the training set and the minimum
# are the cost's own, filled in like any other number).
_J = {
    "zh": "训练集 {cost.training_set} 上的平方误差代价 J(θ₁)"
    "（θ₁ = {cost.global_min} 处取最小值 {cost.min_value}）",
    "en": "The squared-error cost J(θ₁) on the training set {cost.training_set} "
    "(minimum {cost.min_value} at θ₁ = {cost.global_min})",
}

SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            name="update-rule",
            section=1,
            cost=LECTURE_COST,
            series=(
                Series(
                    id="p",
                    theta0=2.5,
                    alpha=0.1,
                    steps=1,
                    tangent=True,
                    label={
                        "zh": "切线斜率 = 导数 J′(θ₁) = {p.slope0}",
                        "en": "slope of the tangent = J′(θ₁) = {p.slope0}",
                    },
                ),
            ),
            title={
                "zh": "导数项：θ₁ 处切线的斜率决定更新",
                "en": "The derivative term: the slope of the tangent at θ₁ drives the update",
            },
            desc={
                "zh": _J["zh"] + "。在 θ₁ = {p.theta0} 处切线斜率 J′(θ₁) = {p.slope0}；"
                "取 α = {p.alpha} 更新一次：θ₁ = {p.theta0} − {p.alpha} × {p.slope0} = {p.theta1}，"
                "向最小值移近。",
                "en": _J["en"] + ". At θ₁ = {p.theta0} the tangent "
                "has slope J′(θ₁) = {p.slope0}; one update with α = {p.alpha} gives "
                "θ₁ = {p.theta0} − {p.alpha} × {p.slope0} = {p.theta1}, closer to the minimum.",
            },
            note={
                "zh": r"$\theta_1 \colon= \theta_1 - \alpha\,(d/d\theta_1)\,J(\theta_1)$"
                "\n= {p.theta0} − {p.alpha} × {p.slope0} = {p.theta1}",
                "en": r"$\theta_1 \colon= \theta_1 - \alpha\,(d/d\theta_1)\,J(\theta_1)$"
                "\n= {p.theta0} − {p.alpha} × {p.slope0} = {p.theta1}",
            },
        ),
        Scenario(
            name="tangent-slopes",
            section=2,
            cost=LECTURE_COST,
            series=(
                Series(
                    id="right",
                    theta0=2.5,
                    alpha=0.1,
                    steps=1,
                    tangent=True,
                    colors=("red",),
                    label={
                        "zh": "斜率 {right.slope0} > 0：θ₁ 减小（左移）",
                        "en": "slope {right.slope0} > 0: θ₁ decreases (moves left)",
                    },
                ),
                Series(
                    id="left",
                    theta0=-0.5,
                    alpha=0.1,
                    steps=1,
                    tangent=True,
                    colors=("blue",),
                    label={
                        "zh": "斜率 {left.slope0} < 0：θ₁ 增大（右移）",
                        "en": "slope {left.slope0} < 0: θ₁ increases (moves right)",
                    },
                ),
            ),
            title={
                "zh": "正斜率让 θ₁ 减小，负斜率让 θ₁ 增大",
                "en": "A positive slope decreases θ₁, a negative slope increases it",
            },
            desc={
                "zh": _J["zh"] + "，α = {right.alpha}。最小值右侧 θ₁ = {right.theta0} 处斜率为 "
                "{right.slope0}（正），一步后 θ₁ = {right.theta1}，变小；"
                "左侧 θ₁ = {left.theta0} 处斜率为 {left.slope0}（负），一步后 θ₁ = {left.theta1}，"
                "变大。两者都朝最小值移动。",
                "en": _J["en"] + ", α = {right.alpha}. Right of the minimum, at "
                "θ₁ = {right.theta0}, the slope is {right.slope0} (positive) and one step "
                "decreases θ₁ to {right.theta1}; left of it, at θ₁ = {left.theta0}, the slope is "
                "{left.slope0} (negative) and one step increases θ₁ to {left.theta1}. Both move "
                "towards the minimum.",
            },
        ),
        Scenario(
            name="alpha-small",
            section=3,
            cost=LECTURE_COST,
            series=(
                Series(
                    id="run",
                    theta0=3.0,
                    alpha=0.01,
                    steps=10,
                    colors=("orange",),
                    label={
                        "zh": "α = {run.alpha}：{run.n} 步后 θ₁ = {run.theta_n}",
                        "en": "α = {run.alpha}: θ₁ = {run.theta_n} after {run.n} steps",
                    },
                ),
            ),
            title={
                "zh": "α 太小：步子很小，收敛很慢",
                "en": "α too small: tiny steps, slow progress",
            },
            desc={
                "zh": _J["zh"] + "。α = {run.alpha}，从 θ₁ = {run.theta0} 出发，{run.n} 步后 "
                "θ₁ = {run.theta_n}，离最小值 θ₁ = {cost.global_min} 还很远；{run.outlook}",
                "en": _J["en"] + ". With α = {run.alpha} from θ₁ = {run.theta0}, "
                "after {run.n} steps θ₁ = {run.theta_n}, still far from the minimum at "
                "θ₁ = {cost.global_min}; {run.outlook}",
            },
        ),
        Scenario(
            name="alpha-large",
            section=3,
            cost=LECTURE_COST,
            series=(
                Series(
                    id="run",
                    theta0=1.6,
                    alpha=0.5,
                    steps=5,
                    colors=("red",),
                    label={
                        "zh": "α = {run.alpha}：每一步都越过最小值，越走越远",
                        "en": "α = {run.alpha}: every step overshoots, further each time",
                    },
                ),
            ),
            title={
                "zh": "α 太大：每一步都越过最小值，越走越远，发散",
                "en": "α too large: every step overshoots the minimum, further each time: diverges",
            },
            desc={
                "zh": _J["zh"] + "。α = {run.alpha}，从靠近最小值的 θ₁ = {run.theta0} 出发，"
                "每一步都越到另一侧且离最小值更远：{run.n} 步后 θ₁ = {run.theta_n}；{run.outlook}",
                "en": _J["en"] + ". With α = {run.alpha} from θ₁ = {run.theta0}, "
                "close to the minimum, every step jumps to the other side and lands further "
                "away: after {run.n} steps θ₁ = {run.theta_n}; {run.outlook}",
            },
        ),
        Scenario(
            name="question-local-minimum",
            section=4,
            cost=WAVY_COST,
            series=(
                Series(
                    id="start",
                    theta0=1.0,
                    alpha=0.1,
                    steps=0,
                    colors=("magenta",),
                    label={
                        "zh": "起点 θ₁ = {start.theta0}：一个局部最小值",
                        "en": "start θ₁ = {start.theta0}: a local minimum",
                    },
                ),
            ),
            title={
                "zh": "有两个低谷的代价函数，θ₁ 从局部最小值出发",
                "en": "A cost with two valleys; θ₁ starts at a local minimum",
            },
            desc={
                "zh": "一个非凸的代价函数 J(θ₁)，有两个低谷：局部最小值在 θ₁ = {start.theta0}，"
                "更低的全局最小值在 θ₁ = {cost.global_min}。θ₁ 的起点标在局部最小值上，"
                "图中写出更新规则，学习率 α = {start.alpha}。执行一步梯度下降，θ₁ 会怎样？",
                "en": "A non-convex cost J(θ₁) with two valleys: a local minimum at "
                "θ₁ = {start.theta0} and a lower, global minimum at θ₁ = {cost.global_min}. The "
                "start of θ₁ is marked at the local minimum, next to the update rule; the "
                "learning rate is α = {start.alpha}. What does one step of gradient descent do "
                "to θ₁?",
            },
            note={
                "zh": r"$\theta_1 \colon= \theta_1 - \alpha\,(d/d\theta_1)\,J(\theta_1)$",
                "en": r"$\theta_1 \colon= \theta_1 - \alpha\,(d/d\theta_1)\,J(\theta_1)$",
            },
            mark_minima={
                "global": {"zh": "全局最小值", "en": "global minimum"},
            },
        ),
        Scenario(
            name="start-at-minimum",
            section=5,
            cost=WAVY_COST,
            series=(
                Series(
                    id="stay",
                    theta0=1.0,
                    alpha=0.1,
                    steps=1,
                    tangent=True,
                    colors=("magenta",),
                    label={
                        "zh": "θ₁ = {stay.theta0}：斜率 {stay.slope0}，原地不动",
                        "en": "θ₁ = {stay.theta0}: slope {stay.slope0}, stays put",
                    },
                ),
            ),
            title={
                "zh": "θ₁ 已在局部最小值：斜率为 0，梯度下降一步不改变 θ₁",
                "en": "θ₁ at a local minimum: slope 0, one step leaves θ₁ unchanged",
            },
            desc={
                "zh": "一个非凸的代价函数 J(θ₁)，有一个局部最小值（θ₁ = {stay.theta0}）和一个更低的"
                "全局最小值（θ₁ = {cost.global_min}）。θ₁ 从局部最小值出发，切线水平、斜率为 "
                "{stay.slope0}，所以 θ₁ := θ₁ − α·0：α = {stay.alpha} 时一步之后 θ₁ 仍为 "
                "{stay.theta1}，不会跳向全局最小值。",
                "en": "A non-convex cost J(θ₁) with a local minimum (θ₁ = {stay.theta0}) and a "
                "lower global minimum (θ₁ = {cost.global_min}). Starting at the local minimum, the "
                "tangent is flat with slope {stay.slope0}, so θ₁ := θ₁ − α·0: with "
                "α = {stay.alpha}, after one step θ₁ is still {stay.theta1}; it does not jump to "
                "the global minimum.",
            },
            note={
                "zh": r"$\theta_1 \colon= \theta_1 - \alpha\cdot 0 = \theta_1$",
                "en": r"$\theta_1 \colon= \theta_1 - \alpha\cdot 0 = \theta_1$",
            },
            mark_minima={
                "global": {"zh": "全局最小值", "en": "global minimum"},
            },
        ),
        Scenario(
            name="shrinking-steps",
            section=6,
            cost=LECTURE_COST,
            series=(
                Series(
                    id="run",
                    theta0=3.0,
                    alpha=0.08,
                    steps=3,
                    colors=("magenta", "green", "red", "blue"),
                    label={
                        "zh": "α = {run.alpha} 不变；步长 {run.step_sizes}",
                        "en": "fixed α = {run.alpha}; steps {run.step_sizes}",
                    },
                ),
            ),
            title={
                "zh": "α 固定，越接近最小值步子越小",
                "en": "With a fixed α the steps shrink near the minimum",
            },
            desc={
                "zh": _J["zh"] + "。α = {run.alpha} 保持不变，从 θ₁ = {run.theta0} 出发："
                "品红、绿、红点处的斜率依次为 {run.slopes}，越来越平缓，步长 α·|斜率| 依次为 "
                "{run.step_sizes}，越来越小；{run.n} 步后到达 θ₁ = {run.theta_n}。",
                "en": _J["en"] + ". α = {run.alpha} stays fixed from "
                "θ₁ = {run.theta0}: at the magenta, green and red points the slopes are "
                "{run.slopes}, flatter each time, so the steps α·|slope| are {run.step_sizes}, "
                "smaller each time; after {run.n} steps θ₁ = {run.theta_n}.",
            },
        ),
    )
}


@dataclass(frozen=True)
class Sweep:
    """One start on one cost, run with each α of a list: the α explorer's frames.

    Every frame is an ordinary Scenario named ``NAME-KK`` (KK = 00, 01, …), drawn
    and checked like any other figure. A frame shows at most ``shown_steps``
    steps, and only those whose iterates stay inside the (shared) plot window,
    so frames compare at a glance.
    """

    name: str
    section: int
    cost: Cost
    theta0: float
    alphas: tuple[float, ...]
    theta_window: tuple[float, float]
    J_window: tuple[float, float]
    shown_steps: int = 10
    long_steps: int = 10_000

    def regime(self, alpha: float) -> str:
        """Where α sits against 1/c and 2/c (c = J''): the behaviour it gives."""
        c = self.cost.curvature
        if c is None:
            raise ValueError(f"sweep {self.name!r}: its cost needs a constant curvature")
        x = alpha * c
        for boundary, at, below in ((1.0, "one-step", "one-side"), (2.0, "bounce", "oscillate")):
            if abs(x - boundary) <= 1e-9:
                return at
            if x < boundary:
                return below
        return "diverge"

    def _steps_inside(self, alpha: float) -> int:
        run = descend(self.cost, alpha, self.theta0, self.shown_steps)
        (t_lo, t_hi), (j_lo, j_hi) = self.theta_window, self.J_window
        inside = [
            t_lo <= t <= t_hi and j_lo <= j <= j_hi for t, j in zip(run.theta, run.J, strict=True)
        ]
        return inside.index(False) - 1 if False in inside else run.n_steps

    @cached_property
    def frames(self) -> tuple[Scenario, ...]:
        out = []
        for k, alpha in enumerate(self.alphas):
            regime = self.regime(alpha)
            out.append(
                Scenario(
                    name=f"{self.name}-{k:02d}",
                    section=self.section,
                    cost=self.cost,
                    series=(
                        Series(
                            id="run",
                            theta0=self.theta0,
                            alpha=alpha,
                            steps=self._steps_inside(alpha),
                            colors=(_REGIME_COLOR[regime],),
                            long_steps=self.long_steps,
                            label={lang: _frame_words(lang, regime) for lang in LANGS},
                        ),
                    ),
                    theta_window=self.theta_window,
                    J_window=self.J_window,
                    title={lang: _frame_words(lang, regime) for lang in LANGS},
                    desc={lang: _J[lang] + _SWEEP_DESC[lang] for lang in LANGS},
                )
            )
        return tuple(out)


_COLON = {"zh": "：", "en": ": "}


def _frame_words(lang: str, regime: str) -> str:
    after_alpha, words = REGIMES[lang][regime]
    return f"α = {{run.alpha}}{after_alpha}{_COLON[lang]}{words}"


# How a fixed α behaves on a quadratic J with curvature c (the explorer's frames).
REGIMES: dict[str, dict[str, tuple[str, str]]] = {
    "zh": {
        "one-side": ("", "从一侧逐步逼近最小值"),
        "one-step": (" = 1/c", "一步就落在最小值上"),
        "oscillate": ("", "越过最小值来回振荡，但仍收敛"),
        "bounce": (" = 2/c", "在两点之间永远来回跳"),
        "diverge": ("", "越跳越远，发散"),
    },
    "en": {
        "one-side": ("", "approaches the minimum from one side"),
        "one-step": (" = 1/c", "lands on the minimum in one step"),
        "oscillate": ("", "overshoots and oscillates, but converges"),
        "bounce": (" = 2/c", "bounces between two points forever"),
        "diverge": ("", "jumps further each time: diverges"),
    },
}
"""Per language and regime: what follows α's value (" = 1/c") and the words."""


_REGIME_COLOR = {
    "one-side": "blue",
    "one-step": "green",
    "oscillate": "orange",
    "bounce": "magenta",
    "diverge": "red",
}
_SWEEP_DESC = {
    "zh": "。α = {run.alpha}，从 θ₁ = {run.theta0} 出发，图中画出{run.steps_drawn}，"
    "到 θ₁ {run.eq_theta_n}；{run.outlook}",
    "en": ". With α = {run.alpha} from θ₁ = {run.theta0}, the figure draws {run.steps_drawn}, "
    "reaching θ₁ {run.eq_theta_n}; {run.outlook}",
}

_C = LECTURE_COST.curvature or 1.0

# The α explorer of section 3: from far too small to diverging, with the points where
# the behaviour changes on the lecture's cost, α = 1/c and α = 2/c (c = 14/3).
ALPHA_SWEEP = Sweep(
    name="alpha-explorer",
    section=3,
    cost=LECTURE_COST,
    theta0=2.0,
    # Sorted, so that the slider runs from small to large whatever c is.
    alphas=tuple(
        sorted(
            (0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 1 / _C, 0.25, 0.3, 0.35, 0.4, 2 / _C, 0.45, 0.5)
        )
    ),
    theta_window=(-2.2, 4.2),
    J_window=(-1.0, 26.0),
)


_SENTENCE_END = {"zh": "。", "en": ". "}


def _stepper_frames(scenario: Scenario) -> tuple[Scenario, ...]:
    """``scenario`` once per iterate k, with θ_k ringed and the step from it in bold."""
    run = scenario.runs[scenario.series[0].id]
    step = {
        "zh": "θ₁ = {run.theta_k}，斜率 {run.slope_k}；迈向 k = {run.k_next} 的步长 "
        "α·|斜率| = {run.step_k}",
        "en": "θ₁ = {run.theta_k}, slope {run.slope_k}; the step to k = {run.k_next} is "
        "α·|slope| = {run.step_k}",
    }
    # Iterate k (k = 0 is the start); the step from it is the move to iterate k + 1.
    words = {
        "zh": {
            "start": "起点 k = {run.k}：" + step["zh"],
            "middle": "迭代点 k = {run.k}：" + step["zh"],
            "last": "迭代点 k = {run.k}（最后一个）：θ₁ = {run.theta_k}，斜率 {run.slope_k}",
        },
        "en": {
            "start": "Start, k = {run.k}: " + step["en"],
            "middle": "Iterate k = {run.k}: " + step["en"],
            "last": "Iterate k = {run.k} (the last): θ₁ = {run.theta_k}, slope {run.slope_k}",
        },
    }

    def which(k: int) -> str:
        return "last" if k == run.n_steps else "start" if k == 0 else "middle"

    return tuple(
        replace(
            scenario,
            name=f"{scenario.name}-step-{k}",
            highlight=k,
            title={lang: words[lang][which(k)] for lang in LANGS},
            desc={
                lang: words[lang][which(k)] + _SENTENCE_END[lang] + scenario.desc[lang]
                for lang in LANGS
            },
        )
        for k in range(run.n_steps + 1)
    )


STEPPER: tuple[Scenario, ...] = _stepper_frames(SCENARIOS["shrinking-steps"])
"""The stepper of section 6: the shrinking-steps figure once per iterate."""

FIGURES: dict[str, Scenario] = {
    **SCENARIOS,
    **{f.name: f for f in ALPHA_SWEEP.frames},
    **{f.name: f for f in STEPPER},
}
"""Every figure the site shows: the lecture's scenarios, the explorer's and the stepper's frames."""


def get(name: str) -> Scenario:
    """The figure called ``name``; ValueError listing the names if there is none."""
    try:
        return FIGURES[name]
    except KeyError:
        raise ValueError(
            f"unknown figure {name!r}; choose from: {', '.join(SCENARIOS)}, "
            f"{ALPHA_SWEEP.name}-00 … {ALPHA_SWEEP.frames[-1].name}"
        ) from None

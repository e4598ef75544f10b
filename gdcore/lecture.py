"""A lecture's declarations (``LECTURE/lecture.yml``), loaded, checked and made usable.

A lecture is content: its pages, and beside them one ``lecture.yml`` declaring its costs,
figures, widgets, the runs its prose quotes and the claims its prose makes about the
numbers, with their words in every language of the site. :func:`load_lecture` reads it,
checks every value (an error names the file and the line, says what is wrong and what to
write), computes what it declares, and checks the claims: a change to the data that makes
a sentence of the prose false fails here, naming the sentence.

The result, a :class:`Lecture`, is what the site, the command line and the tests use:
its figures (``figures``: the declared ones and every frame of its widgets), its widgets,
``facts(lang)`` (every number the prose may name), and each figure resolved in a language
(``spec``) ready to draw.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any

from gdcore import kinds as _kinds
from gdcore.costs import Cost, double_well, quadratic, squared_error
from gdcore.declarations import Figure, Panel, Regime, Series, Stepper, Sweep, Text, start
from gdcore.descent import MAX_STEPS, descend
from gdcore.errors import FigureError
from gdcore.expressions import ExpressionError, evaluate, names
from gdcore.facts import (
    Fact,
    FactBook,
    FactError,
    Provider,
    cost_facts,
    count,
    number,
    point,
    run_facts,
    start_working,
)
from gdcore.reader import Reader
from gdcore.spec import FigureSpec, figure_size, metadata_json, point_value
from gdcore.style import SERIES_ROLES
from gdcore.widgets import entries
from gdcore.words import Words
from gdcore.yamlfile import DeclarationError, List, Map, load

__all__ = ["DECLARATIONS", "DeclarationError", "Lecture", "load_lecture"]

DECLARATIONS = "lecture.yml"
"""The file in a lecture's folder that declares its figures, widgets and facts."""

_TOP = ("title", "costs", "figures", "widgets", "runs", "claims")
_COST_KINDS = ("squared-error", "double-well", "quadratic")
_FIGURE_KEYS = ("section", "cost", "series", "title", "desc", "kind", "panels")
_SERIES_KEYS = ("theta0", "alpha", "steps", "label", "colors", "tangent", "long_steps", "cost")
_REGIMES = ("one-side", "one-step", "oscillate", "bounce", "diverge")
_SWEEP_KEYS = (
    "kind",
    "section",
    "cost",
    "theta0",
    "alphas",
    "start",
    "shown_steps",
    "long_steps",
    "title",
    "desc",
    "regimes",
    "panels",
)
_RUN_KEYS = ("cost", "theta0", "alpha", "steps")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def _check_name(read: Reader, key: Any, what: str) -> str:
    """A name facts and pages can use: a letter, then letters, digits and '-'."""
    if not isinstance(key, str) or not _NAME.fullmatch(key) or key.endswith("-"):
        raise read.fail(
            key, f"{what} name {key!r} must be a letter, then letters, digits and '-' (my-figure)"
        )
    return key


@dataclass
class Lecture:
    """A loaded lecture: see the module's docstring."""

    name: str
    folder: Path
    file: str  # how errors name lecture.yml
    languages: Mapping[str, Words]
    title: Text
    costs: dict[str, Cost]
    declared: dict[str, Figure]  # the figures declared under figures:, in order
    widgets: dict[str, Sweep | Stepper]
    book: FactBook
    digest: str  # of lecture.yml and the language files: what the lecture is made from
    claims: list[tuple[str, str, str]] = field(default_factory=list)  # (holds, says, where)
    _specs: dict[tuple[str, str], FigureSpec] = field(default_factory=dict, repr=False)

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(self.languages)

    @cached_property
    def figures(self) -> dict[str, Figure]:
        """Every figure the site shows: declared ones, then each widget's frames."""
        out = dict(self.declared)
        for widget in self.widgets.values():
            for frame in widget.frames:
                if frame.name in out:
                    raise DeclarationError(
                        f"{widget.where}: widget {widget.name!r} makes a frame {frame.name!r}, "
                        f"the name of the figure at {out[frame.name].where}; rename one"
                    )
                out[frame.name] = frame
        return out

    def figure(self, name: str) -> Figure:
        """Figure ``name``; ValueError listing the names if there is none."""
        try:
            return self.figures[name]
        except KeyError:
            raise ValueError(
                f"lecture {self.name!r} has no figure {name!r}; its figures: "
                f"{', '.join(self.declared)} "
                f"(and the frames of {', '.join(self.widgets) or 'no widget'})"
            ) from None

    def facts(self, lang: str) -> FactBook:
        """Every fact the prose may name, in ``lang``."""
        return self.book.for_words(self.languages[self._lang(lang)])

    def _lang(self, lang: str) -> str:
        if lang not in self.languages:
            raise ValueError(f"lang must be one of {', '.join(self.languages)}, got {lang!r}")
        return lang

    # ------------------------------------------------------------ a figure resolved

    def spec(self, name: str, lang: str) -> FigureSpec:
        """Figure ``name`` in ``lang``, resolved: runs computed, every word filled.

        Resolved once per lecture object (a lecture is immutable; an edit loads a new one).
        FigureError naming the figure if its data or words are wrong.
        """
        key = (name, self._lang(lang))
        if key not in self._specs:
            self.figure(name)  # ValueError listing the figures
            try:
                self._specs[key] = self._resolve(name, lang)
            except FigureError as error:
                raise error.about(name, lang) from error.__cause__
            except (ValueError, KeyError, TypeError, ArithmeticError) as error:
                raise FigureError(str(error), name, lang) from error
        return self._specs[key]

    def size(self, name: str, lang: str) -> tuple[float, float]:
        """Width and height of figure ``name`` in ``lang``, in SVG user units (its viewBox),
        known without drawing it: a page reserves the space before the file arrives."""
        width, height = figure_size(self.spec(name, lang))
        return round(width * 72, 3), round(height * 72, 3)

    def _resolve(self, name: str, lang: str) -> FigureSpec:
        figure = self.figure(name)
        words = self.languages[self._lang(lang)]
        panels = tuple(_kinds.get(p.kind).resolve(figure, p, words) for p in figure.panels)
        data = {
            "generator": "gdcore",
            "lecture": self.name,
            "figure": figure.name,
            "lang": lang,
            "section": figure.section,
            "panels": [_kinds.get(p.kind).metadata(figure, p) for p in figure.panels],
            "series": _series_metadata(figure),
        }
        return FigureSpec(
            lecture=self.name,
            name=figure.name,
            lang=lang,
            html_lang=words.html_lang,
            measure_fonts=words.measure_fonts,
            browser_fonts=words.browser_fonts,
            panels=panels,
            title=figure.fill(figure.title[lang], words),
            desc=figure.fill(figure.desc[lang], words),
            metadata_json=metadata_json(data),
        )

    def widget_entries(self, name: str, lang: str) -> dict[str, Any]:
        """Widget ``name``'s frames in ``lang`` (see gdcore.widgets.entries)."""
        if name not in self.widgets:
            raise ValueError(
                f"lecture {self.name!r} has no widget {name!r}; its widgets: "
                f"{', '.join(self.widgets) or 'none'}"
            )
        words = self.languages[self._lang(lang)]
        return entries(self.widgets[name], words, lambda figure: self.size(figure, lang))

    def caption(self, name: str, lang: str) -> str:
        """The figure's title in ``lang``: its caption on a page."""
        figure = self.figure(name)
        return figure.fill(figure.title[self._lang(lang)], self.languages[lang])

    def alt(self, name: str, lang: str) -> str:
        """The figure's description in ``lang``: its alt text on a page."""
        figure = self.figure(name)
        return figure.fill(figure.desc[self._lang(lang)], self.languages[lang])


FULL_RUN_STEPS = 100
"""A run of at most this many steps is recorded whole in a figure's metadata; a longer one
at the iterates its panels draw (a 2000-step run would fill the file's byte budget with
numbers no drawing shows; descend() recomputes the rest from the recorded start and α)."""


def _drawn_iterates(figure: Figure) -> dict[str, set[int]] | None:
    """The iterates each series' panels draw, by series id; None when a panel's kind does
    not say (it draws every iterate)."""
    out: dict[str, set[int]] = {}
    for panel in figure.panels:
        drawn = getattr(_kinds.get(panel.kind), "iterates", None)
        if drawn is None:
            return None
        for sid, ks in drawn(figure, panel).items():
            out.setdefault(sid, set()).update(ks)
    return out


def _series_metadata(figure: Figure) -> list[dict[str, Any]]:
    out = []
    long_runs = any(s.run.n_steps > FULL_RUN_STEPS for s in figure.series)
    drawn = _drawn_iterates(figure) if long_runs else None
    for s in figure.series:
        run = s.run
        entry: dict[str, Any] = {
            "id": s.id,
            "cost": s.cost.describe(),
            "alpha": run.alpha,
            "theta0": point_value(run.theta0),
            "steps": run.n_steps,
            "status": run.status.value,
        }
        ks = list(range(len(run.theta)))
        if run.n_steps > FULL_RUN_STEPS and drawn is not None:
            ks = sorted(drawn.get(s.id, set()) | {0, run.n_steps})
            entry["iterates"] = ks  # theta[i] and J[i] are iterate ks[i]'s
        entry["theta"] = [point_value(run.theta[k]) for k in ks]
        entry["J"] = [run.J[k] for k in ks]
        out.append(entry)
    return out


# ---------------------------------------------------------------- loading


class _Loader:
    """Builds a Lecture from its read declarations, each thing once, when first needed."""

    def __init__(self, name: str, file: str, data: Map, languages: Mapping[str, Words]):
        self.name = name
        self.file = file
        self.languages = languages
        self.langs = tuple(languages)
        self.top = Reader(data, f"lecture {name!r}", self.langs, f"{file}:1")
        self.top.keys(_TOP)
        self.costs: dict[str, Cost] = {}
        self.cost_about: dict[str, Text | None] = {}
        self.providers: dict[str, Provider] = {}
        self.book = FactBook(self.providers, next(iter(languages.values())))
        self._figures: dict[str, Figure] = {}
        self._series: dict[tuple[str, str], Series] = {}
        self._widgets: dict[str, Sweep | Stepper] = {}
        self._runs: dict[str, Any] = {}
        self.raw_figures: dict[str, Reader] = {}
        self.raw_widgets: dict[str, Reader] = {}
        self.raw_runs: dict[str, Reader] = {}

    # -- names

    def _declare(self, kind: str, section: str) -> dict[str, Reader]:
        if section not in self.top:
            return {}
        group = self.top.sub(section, f"{section} of lecture {self.name!r}")
        out = {}
        for key in group.data:
            _check_name(group, key, kind)
            if key in self.raw_figures or key in self.raw_widgets or key in self.raw_runs:
                raise group.fail(key, f"{key!r} names two things; give each its own name")
            out[key] = Reader(group.data[key], f"{kind} {key!r}", self.langs, group.where(key))
        return out

    def _fact(self, name: str, provider: Provider, where: str) -> None:
        if name in self.providers:
            raise DeclarationError(f"{where}: the fact {name!r} would be declared twice")
        self.providers[name] = provider

    # -- expressions

    def value(self, raw: Any, read: Reader, key: Any) -> Any:
        """A declared number: as written, or its expression evaluated over the facts."""
        if not isinstance(raw, str):
            return raw
        for fact in names(raw):
            if fact not in self.providers:
                raise read.fail(
                    key, f"{raw!r} names no fact {fact!r} (facts: python -m gdcore facts)"
                )
        try:
            return evaluate(raw, self.book.value)
        except (ExpressionError, FactError) as error:
            raise read.fail(key, str(error)) from None

    def real(self, raw: Any, read: Reader, key: Any) -> float:
        value = self.value(raw, read, key)
        if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
            raise read.fail(key, f"{key} must be a number, got {value!r}")
        return float(value)

    def start(self, raw: Any, read: Reader, key: str, cost: Cost) -> tuple[float, ...]:
        """θ0: a number (one parameter) or [θ0_0, θ0_1, ...], numbers or expressions."""
        if isinstance(raw, List):
            return tuple(self.real(item, read, key) for item in raw)
        value = self.value(raw, read, key)
        if isinstance(value, tuple):
            return tuple(float(v) for v in value)
        if cost.dim > 1:
            raise read.fail(key, f"{key} must be a list of {cost.dim} numbers (one per parameter)")
        return (self.real(value, read, key),)

    # -- costs

    def load_costs(self) -> None:
        group = self._declare("cost", "costs")
        for name, read in group.items():
            kind = read.choice("kind", _COST_KINDS)
            try:
                if kind == "squared-error":
                    read.keys(("kind", "parameters", "points", "about"))
                    parameters = read.items("parameters", List(["theta1"]))
                    points = read.items("points")
                    for i, p in enumerate(points):
                        if not (isinstance(p, List) and len(p) == 2):
                            raise DeclarationError(
                                f"{points.where(i)}: cost {name!r}: each point is [x, y], got {p!r}"
                            )
                        for v in p:
                            read.number_value(v, "points", expression=False)
                    cost = squared_error([tuple(p) for p in points], name, list(parameters))
                elif kind == "double-well":
                    keys = ("local_min", "peak", "global_min", "scale", "floor")
                    read.keys(("kind", *keys, "about"))
                    args = {k: float(read.number(k, expression=False)) for k in keys}
                    cost = double_well(cost_id=name, **args)
                else:
                    read.keys(("kind", "curvature", "minimum", "floor", "about"))
                    cost = quadratic(
                        read.get("curvature"), read.get("minimum", 0.0), read.get("floor", 0.0)
                    )
            except ValueError as error:
                if isinstance(error, DeclarationError):
                    raise
                raise read.fail(None, str(error)) from None
            self.costs[name] = cost
            self.cost_about[name] = read.text("about", None)
            for fact_name, provider in cost_facts(cost, name).items():
                self._fact(f"{name}.{fact_name}", provider, read.where())

    def cost_of(self, read: Reader, key: str = "cost", default: Cost | None = None) -> Cost:
        if key not in read:
            if default is not None:
                return default
            raise read.fail(
                None, f"{key} is missing; name one of the costs: {', '.join(self.costs)}"
            )
        name = read.get(key)
        if name not in self.costs:
            raise read.fail(key, f"unknown cost {name!r}; the costs are: {', '.join(self.costs)}")
        return self.costs[name]

    # -- figures

    def declare_facts(self) -> None:
        """Every fact's name, before any value is computed."""
        self.raw_figures = self._declare("figure", "figures")
        self.raw_widgets = self._declare("widget", "widgets")
        self.raw_runs = self._declare("run", "runs")
        for name, read in self.raw_figures.items():
            series = read.sub("series", f"figure {name!r}: series")
            if not series.data:
                raise read.fail("series", "series must declare at least one run (ID: {...})")
            for sid in series.data:
                _check_name(series, sid, "series")

                def make(name: str = name, sid: str = sid) -> Any:
                    return self.series(name, sid)

                providers = self._run_providers(
                    lambda make=make: make().run,
                    lambda make=make: make().long_run,
                    series.sub(sid, f"figure {name!r}, series {sid!r}"),
                    read,
                )
                for fact_name, provider in providers.items():
                    self._fact(f"{name}.{sid}.{fact_name}", provider, series.where(sid))
                    if len(series.data) == 1:
                        self._fact(f"{name}.{fact_name}", provider, series.where(sid))
        for name, read in self.raw_widgets.items():
            if read.get("kind", None) == "sweep":
                self._sweep_facts(name, read)
        for name, read in self.raw_runs.items():

            def made(name: str = name) -> Any:
                return self.run(name)

            providers = self._run_providers(made, made, read)
            for fact_name, provider in providers.items():
                self._fact(f"{name}.{fact_name}", provider, read.where())

    def _cost_named(self, read: Reader, figure: Reader | None = None) -> Cost | None:
        """The cost ``read`` (else ``figure``) names, if it names one."""
        for source in (read, figure):
            if (
                source is not None
                and isinstance(source.data, Map)
                and source.data.get("cost") in self.costs
            ):
                return self.costs[source.data["cost"]]
        return None

    def _run_providers(
        self,
        run: Callable[[], Any],
        long_run: Callable[[], Any],
        read: Reader,
        figure: Reader | None = None,
    ) -> dict[str, Provider]:
        """A run's facts: its fields, a point's coordinates (a cost of several parameters)
        and, on a squared-error cost, the working of its first gradient."""
        cost = self._cost_named(read, figure)
        providers = _with_coordinates(run_facts(run, long_run), cost.dim if cost else 1)
        if cost is not None and cost.kind == "squared-error" and cost.training_set:
            providers.update(start_working(run, cost))
        return providers

    def _sweep_facts(self, name: str, read: Reader) -> None:
        def sweep() -> Sweep:
            widget = self.widget(name)
            assert isinstance(widget, Sweep)
            return widget

        where = read.where()
        self._fact(f"{name}.theta0", lambda _: point(sweep().theta0), where)
        self._fact(f"{name}.count", lambda _: count(len(sweep().alphas)), where)
        self._fact(f"{name}.alpha_min", lambda _: number(min(sweep().alphas)), where)
        self._fact(f"{name}.alpha_max", lambda _: number(max(sweep().alphas)), where)
        self._fact(f"{name}.shown_steps", lambda _: count(sweep().shown_steps), where)

    def series(self, figure: str, sid: str) -> Series:
        key = (figure, sid)
        if key in self._series:
            return self._series[key]
        fig = self.raw_figures[figure]
        group = fig.sub("series", f"figure {figure!r}: series")
        read = group.sub(sid, f"figure {figure!r}, series {sid!r}")
        read.keys(_SERIES_KEYS)
        cost = self.cost_of(read, default=self.cost_of(fig))
        colors = read.items("colors", List(["blue"]))
        for i, role in enumerate(colors):
            if role not in SERIES_ROLES:
                raise DeclarationError(
                    f"{colors.where(i)}: figure {figure!r}, series {sid!r}: colour {role!r} is "
                    f"not a series colour; choose from {', '.join(SERIES_ROLES)}"
                )
        made = Series(
            id=sid,
            cost=cost,
            theta0=self.start(read.get("theta0"), read, "theta0", cost),
            alpha=self.real(read.number("alpha"), read, "alpha"),
            steps=read.integer("steps", 0, MAX_STEPS),
            label=read.text("label"),
            colors=tuple(colors),
            tangent=read.boolean("tangent", False),
            long_steps=read.integer("long_steps", 0, MAX_STEPS, MAX_STEPS),
            where=group.where(sid),
        )
        if made.tangent and cost.dim != 1:
            raise read.fail("tangent", "a tangent is drawn for a cost of one parameter only")
        try:
            made.run  # noqa: B018 (computed now: its errors belong to this line)
        except ValueError as error:
            raise read.fail(None, str(error)) from None
        self._series[key] = made
        return made

    def panels(
        self,
        read: Reader,
        what: str,
        series: Sequence[str],
        cost: Cost,
        runs: Mapping[str, Any] | None = None,
    ) -> tuple[Panel, ...]:
        """A figure's (or a sweep's) panels: ``panels: [...]``, or one panel whose kind and
        options are written on the figure itself. ``runs`` (a figure's, by series id; a
        sweep has none before its frames) lets a kind check options against the runs."""
        if "panels" in read:
            if "kind" in read and what.startswith("figure"):
                raise read.fail("kind", "write kind inside each panel, or no panels: list")
            items = read.items("panels")
            raws = [(items[i], items.where(i)) for i in range(len(items))]
            if not raws:
                raise read.fail("panels", "panels must list at least one panel")
        else:
            own = Map(
                {
                    k: v
                    for k, v in read.data.items()
                    if k not in _FIGURE_KEYS + _SWEEP_KEYS or k == "kind"
                }
            )
            own.file, own.line, own.lines = read.data.file, read.data.line, read.data.lines
            raws = [(own, read.where())]
        out = []
        for i, (raw, where) in enumerate(raws):
            if isinstance(raw, str):  # a panel of a kind with no options: "- curve"
                raw_map = Map({"kind": raw})
                raw_map.file, raw_map.line = where.rsplit(":", 1)[0], int(where.rsplit(":", 1)[1])
                raw_map.lines = {"kind": raw_map.line}
                raw = raw_map
            panel = Reader(raw, f"{what}, panel {i + 1}", self.langs, where)
            kind_name = panel.string("kind")
            try:
                kind = _kinds.get(kind_name)
            except ValueError as error:
                raise panel.fail("kind", str(error)) from None
            if cost.dim not in kind.DIMENSIONS:
                fits = [k.NAME for k in _kinds.KINDS.values() if cost.dim in k.DIMENSIONS]
                raise panel.fail(
                    "kind",
                    f"a {kind_name} draws costs of {' or '.join(map(str, kind.DIMENSIONS))} "
                    f"parameter(s); this cost has {cost.dim}: write kind: "
                    f"{' or '.join(fits) or '(no kind draws it)'}, or choose another cost",
                )
            chosen = panel.items("series", List(series))
            for j, sid in enumerate(chosen):
                if sid not in series:
                    raise DeclarationError(
                        f"{chosen.where(j)}: {what}: no series {sid!r}; the series are "
                        f"{', '.join(series)}"
                    )
            options = {k: v for k, v in panel.data.items() if k not in ("kind", "series")}
            own = Map(options)
            own.file, own.line, own.lines = panel.data.file, panel.data.line, panel.data.lines
            read_options = Reader(own, panel.what, self.langs, where)
            read_options.keys(kind.OPTIONS)
            panel_options = kind.options(read_options)
            check = getattr(kind, "check", None)
            if check is not None:
                # What only the cost and the runs can tell (an iterate beyond a run), said
                # at the option's own line.
                shown = {sid: runs[sid] for sid in chosen} if runs is not None else None
                check(read_options, cost, shown, chosen)
            out.append(Panel(kind_name, tuple(chosen), panel_options, where))
        return tuple(out)

    def figure(self, name: str) -> Figure:
        if name in self._figures:
            return self._figures[name]
        read = self.raw_figures[name]
        allowed = list(_FIGURE_KEYS)
        if "kind" in read:
            try:
                allowed += _kinds.get(read.get("kind")).OPTIONS
            except ValueError as error:
                raise read.fail("kind", str(error)) from None
        read.keys(allowed)
        cost = self.cost_of(read)
        series_ids = list(read.sub("series", "series").data)
        series = tuple(self.series(name, sid) for sid in series_ids)
        figure = Figure(
            lecture=self.name,
            name=name,
            series=series,
            panels=self.panels(
                read, f"figure {name!r}", series_ids, cost, {s.id: s.run for s in series}
            ),
            title=read.text("title"),
            desc=read.text("desc"),
            cost=cost,
            cost_about=self.cost_about.get(read.get("cost")),
            section=read.integer("section", 0, 1000, None),
            where=read.where(),
        )
        self._figures[name] = figure
        return figure

    # -- widgets and runs

    def widget(self, name: str) -> Sweep | Stepper:
        if name in self._widgets:
            return self._widgets[name]
        read = self.raw_widgets[name]
        kind = read.choice("kind", ("sweep", "stepper"))
        if kind == "stepper":
            read.keys(("kind", "figure", "words"))
            target = read.string("figure")
            if target not in self.raw_figures:
                raise read.fail(
                    "figure", f"no figure {target!r}; the figures: {', '.join(self.raw_figures)}"
                )
            words = read.sub("words", f"widget {name!r}: words")
            words.keys(("start", "middle", "last"))
            widget: Sweep | Stepper = Stepper(
                name=name,
                figure=self.figure(target),
                words={key: words.text(key) for key in ("start", "middle", "last")},
                sentence_end={
                    lang: w.figures["sentence_end"] for lang, w in self.languages.items()
                },
                where=read.where(),
            )
        else:
            read.keys(_SWEEP_KEYS)
            cost = self.cost_of(read)
            alphas_raw = read.items("alphas")
            alphas = sorted(self.real(a, read, "alphas") for a in alphas_raw)
            if len(alphas) < 2:
                raise read.fail("alphas", "a sweep needs at least two values of α")
            regimes_read = read.sub("regimes", f"widget {name!r}: regimes")
            regimes_read.keys(_REGIMES)
            regimes = {}
            for regime_name in _REGIMES:
                sub = regimes_read.sub(regime_name, f"widget {name!r}: regime {regime_name}")
                sub.keys(("color", "alpha_is", "words"))
                color = sub.choice("color", SERIES_ROLES)
                regimes[regime_name] = Regime(color, sub.get("alpha_is", ""), sub.text("words"))
            panels = self.panels(read, f"widget {name!r}", ["run"], cost)
            first = _kinds.get(panels[0].kind)
            inside = getattr(first, "inside", None)
            widget = Sweep(
                lecture=self.name,
                name=name,
                cost=cost,
                cost_about=self.cost_about.get(read.get("cost")),
                theta0=self.start(read.get("theta0"), read, "theta0", cost),
                alphas=tuple(alphas),
                start=self.real(read.number("start"), read, "start"),
                panels=panels,
                title=read.text("title"),
                desc=read.text("desc"),
                regimes=regimes,
                section=read.integer("section", 0, 1000, None),
                shown_steps=read.integer("shown_steps", 1, MAX_STEPS, 10),
                long_steps=read.integer("long_steps", 1, MAX_STEPS, 10_000),
                where=read.where(),
                inside=inside(panels[0]) if inside else None,
            )
            try:
                for alpha in widget.alphas:
                    widget.regime(alpha)
            except FactError as error:
                raise read.fail("cost", str(error)) from None
        self._widgets[name] = widget
        return widget

    def run(self, name: str) -> Any:
        if name in self._runs:
            return self._runs[name]
        read = self.raw_runs[name]
        read.keys(_RUN_KEYS)
        cost = self.cost_of(read)
        try:
            run = descend(
                cost,
                self.real(read.number("alpha"), read, "alpha"),
                start(self.start(read.get("theta0"), read, "theta0", cost)),
                read.integer("steps", 0, MAX_STEPS, 10_000),
            )
        except ValueError as error:
            if isinstance(error, DeclarationError):
                raise
            raise read.fail(None, str(error)) from None
        self._runs[name] = run
        return run

    # -- claims

    def claims(self) -> list[tuple[str, str, str]]:
        if "claims" not in self.top:
            return []
        items = self.top.items("claims")
        out = []
        for i, raw in enumerate(items):
            read = Reader(raw, f"claim {i + 1}", self.langs, items.where(i))
            read.keys(("holds", "says"))
            holds, says = read.string("holds"), read.string("says")
            result = self.value(holds, read, "holds")
            if not isinstance(result, bool):
                raise read.fail("holds", f"{holds!r} is not a comparison (it gives {result!r})")
            if not result:
                shown = ", ".join(f"{fact} = {self.book[fact].text}" for fact in names(holds))
                raise read.fail(
                    "holds", f"the prose no longer holds: {says} ({holds} is false: {shown})"
                )
            out.append((holds, says, read.where()))
        return out


def _with_coordinates(providers: dict[str, Provider], dim: int) -> dict[str, Provider]:
    """A run's facts, and for a cost of several parameters each point's coordinates
    (``theta_n.0``, ``theta_n.1``, …)."""
    if dim == 1:
        return providers
    out = dict(providers)
    for field_name in ("theta0", "theta1", "theta_n", "slope0"):
        for i in range(dim):
            out[f"{field_name}.{i}"] = _coordinate(providers[field_name], i, field_name)
    return out


def _coordinate(provider: Provider, i: int, name: str) -> Provider:
    def provide(words: Words) -> Fact:
        fact = provider(words)
        if not isinstance(fact.value, tuple):
            raise FactError(f"{name}.{i}: {name} is a number, not a point with coordinates")
        if i >= len(fact.value):
            raise FactError(f"{name}.{i}: {name} has {len(fact.value)} coordinates")
        return number(fact.value[i])

    return provide


def _digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def load_lecture(
    folder: str | Path, languages: Mapping[str, Words], shown: str | None = None
) -> Lecture:
    """The lecture declared in ``folder/lecture.yml``, in ``languages`` (see words.py).

    ``shown`` is how errors name the folder (default: as given). Raises DeclarationError
    (one line: ``FILE:LINE: what is wrong``) for anything wrong in the declarations, or
    when a claim of the prose no longer holds.
    """
    folder = Path(folder)
    name = folder.resolve().name
    file = f"{shown or folder}/{DECLARATIONS}"
    path = folder / DECLARATIONS
    data = load(path, file)
    if not isinstance(data, Map):
        raise DeclarationError(f"{file}:1: lecture.yml is a mapping (title:, costs:, figures: ...)")
    loader = _Loader(name, file, data, languages)
    loader.load_costs()
    loader.declare_facts()
    declared = {n: loader.figure(n) for n in loader.raw_figures}
    widgets = {n: loader.widget(n) for n in loader.raw_widgets}
    for run in loader.raw_runs:
        loader.run(run)
    claims = loader.claims()
    # Every word of every figure in every language, filled now: a misspelt placeholder
    # names its figure and line here, not half-way through a build.
    lecture = Lecture(
        name=name,
        folder=folder,
        file=file,
        languages=languages,
        title=loader.top.text("title"),
        costs=loader.costs,
        declared=declared,
        widgets=widgets,
        book=loader.book,
        digest=_digest(
            [path, *(Path(w.file) for w in languages.values() if Path(w.file).is_file())]
        ),
        claims=claims,
    )
    for figure in lecture.figures.values():  # (and frames whose names clash fail here)
        for lang, words in languages.items():
            try:
                for template in _templates(figure, lang):
                    figure.fill(template, words)
            except ValueError as error:
                raise DeclarationError(
                    f"{figure.where}: figure {figure.name!r} ({lang}): {error}"
                ) from None
    return lecture


def _templates(figure: Figure, lang: str) -> list[str]:
    out = [figure.title[lang], figure.desc[lang], *(s.label[lang] for s in figure.series)]
    for panel in figure.panels:
        note = getattr(panel.options, "note", None)
        if note is not None:
            out.append(note[lang])
    return out

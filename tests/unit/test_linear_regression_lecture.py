"""Lecture 2, "Gradient Descent for Linear Regression", without building the site.

- every number the prose states, against an independent recomputation with numpy from the
  training set and the runs as lecture.yml declares them (read as plain YAML, not through
  gdcore): the normal-equation minimum, the Hessian's eigenvalues, the working of the first
  step example by example, the iterates and the step counts;
- the pages: every placeholder names a fact, no computed number is typed by hand, the two
  languages say the same things in the same places (sections, figures, widgets, facts,
  tables, formulas, links);
- the claims: a change to the data that makes a sentence false fails the load, naming
  the sentence and the line;
- the site around it: both lectures in mkdocs.yml (notes plugin, nav, titles, site name),
  each lecture's last paragraph links to the other.
"""

from __future__ import annotations

import collections
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from lectures import DOCS, INTUITION, LANGS, ROOT, languages, lecture

from gdcore.lecture import load_lecture
from gdcore.yamlfile import DeclarationError

LR = "gradient-descent-linear-regression"
FOLDER = DOCS / LR
PAGES = ("index", "summary")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][\w.-]*)\s*\}\}")
TOLERANCE = 1e-6  # the stopping rule the prose states (‖∇J‖ ≤ 10⁻⁶) ...
LIMIT = 1e8  # ... and the divergence cut-off (a coordinate of θ past 10⁸)


def source(page: str, lang: str) -> str:
    return (FOLDER / f"{page}.{lang}.md").read_text(encoding="utf-8")


def declared() -> dict:
    """lecture.yml as plain YAML: the data the recomputation starts from."""
    return yaml.safe_load((FOLDER / "lecture.yml").read_text(encoding="utf-8"))


def shown(x: float) -> float:
    """``x`` as the pages show a computed number: three significant digits."""
    return float(f"{x:.3g}")


def value(text: str) -> float:
    """A fact's text read back as a number (−0.75, 1.02×10⁴, 10⁻⁶)."""
    t = text.replace("−", "-")
    m = re.fullmatch(r"(-?[\d.]+)×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)|10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", t)
    if m:
        power = (m[2] or m[3]).translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
        return float(m[1] or 1) * 10 ** int(power)
    return float(t)


def point(text: str) -> tuple[float, ...]:
    return tuple(value(v) for v in text.strip("()").split(", "))


# ---------------------------------------------------------------- numpy, independently


class Data:
    def __init__(self) -> None:
        d = declared()
        pts = np.array(d["costs"]["J"]["points"], dtype=float)
        self.x, self.y = pts[:, 0], pts[:, 1]
        self.m = len(pts)
        self.X = np.column_stack([np.ones(self.m), self.x])
        self.declared = d

    def J(self, theta: np.ndarray) -> float:
        r = self.X @ theta - self.y
        return float(r @ r / (2 * self.m))

    def grad(self, theta: np.ndarray) -> np.ndarray:
        return self.X.T @ (self.X @ theta - self.y) / self.m

    def start(self, written: list[float] | str) -> list[float]:
        """A start as declared: two numbers, or the name of descent-path's start."""
        if written == "descent-path.theta0":
            return self.declared["figures"]["descent-path"]["series"]["run"]["theta0"]
        assert isinstance(written, list), written
        return written

    def descend(self, alpha: float, start: list[float] | str, steps: int) -> tuple[list, str]:
        """The iterates θ_0 … θ_n and how the run ended (the rules the prose states)."""
        theta = np.array(self.start(start), dtype=float)
        out = [theta.copy()]
        for _ in range(steps):
            g = self.grad(theta)
            if np.linalg.norm(g) <= TOLERANCE:
                return out, "converged"
            theta = theta - alpha * g
            if np.max(np.abs(theta)) > LIMIT:
                return out, "diverged"
            out.append(theta.copy())
        g = self.grad(theta)
        return out, "converged" if np.linalg.norm(g) <= TOLERANCE else "step-limit"

    def total_steps(self, alpha: float, start: list[float]) -> int:
        iterates, status = self.descend(alpha, start, 100_000)
        return len(iterates) - 1 + (status == "diverged")


DATA = Data()


def facts(lang: str = "en"):
    return lecture(LR).facts(lang)


def test_the_minimum_is_the_normal_equations_solution():
    f = facts()
    best, *_ = np.linalg.lstsq(DATA.X, DATA.y, rcond=None)
    assert value(f["J.min_at.0.approx"].text) == shown(best[0])
    assert value(f["J.min_at.1.approx"].text) == shown(best[1])
    assert value(f["J.min.approx"].text) == shown(DATA.J(best))
    assert point(f["J.min_at"].text) == (shown(best[0]), shown(best[1]))
    # The exact fractions agree with numpy to its precision.
    assert float(f["J.min_at.0"].value) == pytest.approx(best[0], rel=1e-12)
    assert float(f["J.min_at.1"].value) == pytest.approx(best[1], rel=1e-12)


def test_the_hessian_and_its_eigenvalues():
    f = facts()
    hessian = DATA.X.T @ DATA.X / DATA.m
    low, high = np.linalg.eigvalsh(hessian)
    assert value(f["J.mean_x.approx"].text) == shown(hessian[0, 1])
    assert value(f["J.mean_x2.approx"].text) == shown(hessian[1, 1])
    assert value(f["J.lambda_min.approx"].text) == shown(low)
    assert value(f["J.lambda_max.approx"].text) == shown(high)
    assert value(f["J.one_over_lambda_max.approx"].text) == shown(1 / high)
    assert value(f["J.two_over_lambda_max.approx"].text) == shown(2 / high)
    assert low > 0  # a bowl: the prose's §4


def test_the_training_set_table_is_the_declared_one():
    f = facts()
    assert f["J.m"].text == str(DATA.m)
    for i in range(DATA.m):
        assert value(f[f"J.x.{i + 1}"].text) == DATA.x[i]
        assert value(f[f"J.y.{i + 1}"].text) == DATA.y[i]
    assert f"J.x.{DATA.m + 1}" not in f


def test_the_first_step_worked_example_by_example():
    f = facts()
    run = DATA.declared["figures"]["descent-path"]["series"]["run"]
    start = np.array(run["theta0"], dtype=float)
    h = DATA.X @ start
    error = h - DATA.y
    for i in range(DATA.m):
        assert value(f[f"descent-path.working.h.{i + 1}"].text) == pytest.approx(h[i])
        assert value(f[f"descent-path.working.error.{i + 1}"].text) == pytest.approx(error[i])
        assert value(f[f"descent-path.working.error_x.{i + 1}"].text) == pytest.approx(
            error[i] * DATA.x[i]
        )
    assert value(f["descent-path.working.error_sum"].text) == pytest.approx(error.sum())
    assert value(f["descent-path.working.error_x_sum"].text) == pytest.approx(error @ DATA.x)
    g = DATA.grad(start)
    after = start - run["alpha"] * g
    for j in range(2):
        assert value(f[f"descent-path.working.grad.{j}"].text) == pytest.approx(shown(g[j]))
        assert value(f[f"descent-path.working.theta1.{j}"].text) == pytest.approx(shown(after[j]))
        # "=" only where the number shown is the number (else "≈")
        exact = math.isclose(value(f[f"descent-path.working.grad.{j}"].text), g[j], rel_tol=1e-12)
        assert f[f"descent-path.working.grad.{j}.eq"].text.startswith("=" if exact else "≈")
        # the engine's own run takes the same first step
        assert value(f[f"descent-path.theta1.{j}"].text) == shown(after[j])
        assert value(f[f"descent-path.slope0.{j}"].text) == shown(g[j])
    assert value(f["descent-path.J0"].text) == shown(DATA.J(start))
    assert value(f["descent-path.J1"].text) == shown(DATA.J(after))


def test_the_runs_and_their_step_counts():
    f = facts()
    figures = DATA.declared["figures"]
    run = figures["descent-path"]["series"]["run"]
    iterates, _ = DATA.descend(run["alpha"], run["theta0"], run["steps"])
    engine = lecture(LR).figures["descent-path"].series[0].run
    np.testing.assert_allclose(np.array(engine.theta), np.array(iterates), rtol=1e-12, atol=1e-12)
    assert point(f["descent-path.theta_n"].text) == tuple(shown(v) for v in iterates[-1])
    assert value(f["descent-path.J_n"].text) == shown(DATA.J(iterates[-1]))
    total = DATA.total_steps(run["alpha"], run["theta0"])
    assert f["descent-path.total_steps"].text == str(total)
    assert f["to-convergence.n"].text == str(total)
    final, status = DATA.descend(run["alpha"], run["theta0"], 10_000)
    assert status == "converged"
    assert point(f["to-convergence.theta_n"].text) == tuple(shown(v) for v in final[-1])
    for sid, series in figures["cost-history"]["series"].items():
        assert f[f"cost-history.{sid}.total_steps"].text == str(
            DATA.total_steps(series["alpha"], series["theta0"])
        ), sid
    large = figures["cost-history"]["series"]["large"]
    assert DATA.descend(large["alpha"], large["theta0"], 100_000)[1] == "diverged"
    assert value(f["descent-path.tolerance"].text) == TOLERANCE
    assert value(f["descent-path.divergence_limit"].text) == LIMIT


def test_the_explorer_sweeps_both_sides_of_the_limits():
    widget = DATA.declared["widgets"]["alpha-explorer"]
    high = np.linalg.eigvalsh(DATA.X.T @ DATA.X / DATA.m)[-1]
    alphas = widget["alphas"]
    assert min(alphas) < 1 / high < 2 / high < max(alphas)
    sweep = lecture(LR).widgets["alpha-explorer"]
    assert sweep.alphas == tuple(sorted(alphas))
    for alpha, frame in zip(sweep.alphas, sweep.frames, strict=True):
        run = frame.series[0].run
        iterates, _ = DATA.descend(alpha, widget["theta0"], run.n_steps)
        np.testing.assert_allclose(np.array(run.theta), np.array(iterates), rtol=1e-10)
        expected = (
            "diverge" if alpha > 2 / high else "oscillate" if alpha > 1 / high else "one-side"
        )
        assert sweep.regime(alpha) == expected, alpha


# ---------------------------------------------------------------- the pages as written


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_placeholder_names_a_fact(page, lang):
    names = set(PLACEHOLDER.findall(source(page, lang))) - {"repository"}
    names = {n for n in names if not n.startswith(("figure ", "widget "))}
    book = facts(lang)
    unknown = sorted(n for n in names if n not in book)  # (F.eq forms are facts too)
    assert not unknown, unknown


def distinctive(text: str) -> bool:
    """A fact's text that cannot be an ordinary number of the prose (a section, a row)."""
    t = text.replace("−", "-")
    return bool(re.search(r"\d", t)) and (
        "." in t
        or "/" in t
        or "×" in t
        or "(" in t
        or (t.isascii() and t.isdigit() and int(t) >= 100)
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_no_computed_number_is_typed_by_hand(page, lang):
    text = PLACEHOLDER.sub(" ", source(page, lang))
    text = re.sub(r"\{\{[^}]*\}\}", " ", text)
    text = re.sub(r"https?://\S+|\([\w./#-]+\.md[\w#-]*\)", " ", text)  # links' targets
    book, values = facts(lang), set()
    for name in book:
        try:
            fact = book[name]
        except ValueError:
            continue  # a fact this lecture's data cannot give (no page may name it)
        values |= {v for v in (fact.text, fact.tex) if distinctive(v)}
    typed = sorted(
        v
        for v in values
        if re.search(rf"(?<![\w.]){re.escape(v)}(?![\w.])", text)
        or re.search(rf"(?<![\w.]){re.escape(v.replace('−', '-'))}(?![\w.])", text)
    )
    assert not typed, f"{page}.{lang}.md types gdcore's numbers by hand: {typed}"


def _parts(text: str) -> dict:
    body = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    return {
        "anchors": re.findall(r"\{ #([\w-]+) \}", body),
        "headings": [len(h) for h in re.findall(r"^(#+) ", body, re.M)],
        "blocks": re.findall(r"\{\{ (figure|widget) ([\w-]+) \}\}", body),
        "facts": collections.Counter(PLACEHOLDER.findall(body)),
        "links": re.findall(r"\]\(([^)\s]+)\)", body),
        "display_maths": body.count("$$"),
        "inline_maths": len(re.findall(r"(?<![$\\])\$(?!\$)", body)),
        "table_rows": len(re.findall(r"^\|", body, re.M)),
        "admonitions": re.findall(r"^\s*!!! (\w+)", body, re.M),
        "lists": len(re.findall(r"^\s*- ", body, re.M)),
    }


@pytest.mark.parametrize("page", PAGES)
def test_the_two_languages_are_parallel(page):
    zh, en = _parts(source(page, "zh")), _parts(source(page, "en"))
    for key in zh:
        assert zh[key] == en[key], f"{page}: {key} differ: zh {zh[key]!r} / en {en[key]!r}"


def test_the_front_matter_has_a_title_and_a_description_in_each_language():
    for page in PAGES:
        for lang in LANGS:
            head = yaml.safe_load(source(page, lang).split("---")[1])
            assert head["title"] and head["description"], (page, lang)


def test_chinese_minimum_words():
    """最小值 is the value, 最小值点 the place: a place is never "在最小值" / "到达最小值"."""
    for page in PAGES:
        text = source(page, "zh")
        for wrong in ("在最小值处", "到达最小值，", "走向最小值，", "停在最小值"):
            assert wrong not in text, (page, wrong)
        assert "最小值点" in text


# ---------------------------------------------------------------- claims


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / LR
    shutil.copytree(FOLDER, dest)
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "sentence"),
    [
        (
            "        alpha: 0.44\n",
            "        alpha: 0.4\n",
            "§5: the good α is below 2/λ, the large one above it",
        ),
        (
            "[3.0, 4.6]]",
            "[3.0, 4.6], [3.5, 5.0]]",
            "§1's table of the training set has six rows, one per example",
        ),
        (
            "        theta0: [4, -1]\n        alpha: 0.2\n        steps: 200\n",
            "        theta0: [4, 1]\n        alpha: 0.2\n        steps: 200\n",
            "§3: at the start both derivatives are negative",
        ),
        (
            "        alpha: 0.2\n        steps: 200\n",
            "        alpha: 0.3\n        steps: 200\n",
            "§5: with descent-path's α the path never crosses the valley's floor",
        ),
    ],
)
def test_a_change_that_makes_a_sentence_false_fails_naming_it(tmp_path, old, new, sentence):
    folder = _copy(tmp_path)
    _edit(folder / "lecture.yml", old, new)
    with pytest.raises(DeclarationError) as caught:
        load_lecture(folder, languages(), f"docs/{LR}")
    message = str(caught.value)
    assert "the prose no longer holds" in message and sentence in message, message
    assert re.match(rf"docs/{LR}/lecture\.yml:\d+: ", message), message


def test_another_training_set_of_six_houses_changes_every_fact(tmp_path):
    folder = _copy(tmp_path)
    _edit(
        folder / "lecture.yml",
        "[[0.8, 1.5], [1.2, 2.3], [1.5, 2.4], [2.0, 3.3], [2.4, 3.5], [3.0, 4.6]]",
        "[[0.9, 1.7], [1.1, 2.1], [1.6, 2.6], [2.1, 3.1], [2.5, 3.9], [2.8, 4.2]]",
    )
    changed = load_lecture(folder, languages(), f"docs/{LR}").facts("en")
    before = facts()
    for name in (
        "J.min_at",
        "J.lambda_max.approx",
        "descent-path.total_steps",
        "descent-path.working.error_x_sum",
        "J.x.1",
        "J.y.6",
    ):
        assert changed[name].text != before[name].text, name


# ---------------------------------------------------------------- the site around it


class _Lenient(yaml.SafeLoader):
    """mkdocs.yml with its tags (!ENV, !!python/...) read as None."""


_Lenient.add_multi_constructor("!", lambda loader, suffix, node: None)
_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_yml() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient)


def _plugin(config: dict, name: str) -> dict:
    for entry in config["plugins"]:
        if isinstance(entry, dict) and name in entry:
            return entry[name]
    raise KeyError(name)


def test_mkdocs_lists_both_lectures_in_course_order():
    config = mkdocs_yml()
    assert _plugin(config, "notes")["lectures"] == [INTUITION, LR]
    sections = [item for item in config["nav"] if isinstance(next(iter(item.values())), list)]
    assert [next(iter(s)) for s in sections] == [
        lecture(INTUITION).title["zh"],
        lecture(LR).title["zh"],
    ]
    for section, name in zip(sections, (INTUITION, LR), strict=True):
        pages = [next(iter(p.values())) for p in next(iter(section.values()))]
        assert pages == [f"{name}/index.md", f"{name}/summary.md"]
    i18n = _plugin(config, "i18n")
    english = next(lang for lang in i18n["languages"] if lang["locale"] == "en")
    for name in (INTUITION, LR):
        title = lecture(name).title
        assert english["nav_translations"][title["zh"]] == title["en"]


def test_the_site_name_covers_the_course_not_one_lecture():
    config = mkdocs_yml()
    i18n = _plugin(config, "i18n")
    names = {lang["locale"]: lang for lang in i18n["languages"]}
    for lang in LANGS:
        for name in (INTUITION, LR):
            title = lecture(name).title[lang]
            assert title not in names[lang]["site_name"], (lang, title)
            assert title in names[lang]["site_description"], (lang, title)
    assert config["site_name"] == names["zh"]["site_name"]


@pytest.mark.parametrize("lang", LANGS)
def test_each_lecture_ends_with_a_link_to_the_other(lang):
    first = (DOCS / INTUITION / f"index.{lang}.md").read_text(encoding="utf-8")
    second = source("index", lang)
    # Lecture 1's sentence on the next lecture (the end of its notes, before its exercises)
    next_lecture = {"en": "The next lecture", "zh": "下一讲"}[lang]
    said = [p for p in re.split(r"\n\s*\n", first) if next_lecture in p]
    assert said and all(f"](../{LR}/index.md)" in p for p in said), said
    end = [p for p in re.split(r"\n\s*\n", second) if p.strip()][-1]
    assert f"](../{INTUITION}/index.md)" in end and "](summary.md)" in end


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_lists_both_lectures(lang):
    home = (DOCS / f"index.{lang}.md").read_text(encoding="utf-8")
    for name in (INTUITION, LR):
        assert f"{{ #{name} }}" in home
        assert f"]({name}/index.md)" in home and f"]({name}/summary.md)" in home
        assert lecture(name).title[lang] in home
    assert home.index(f"{{ #{INTUITION} }}") < home.index(f"{{ #{LR} }}")


def test_the_command_line_lists_lecture_2s_figures(capsys):
    from gdcore import cli

    assert cli.main(["list", "--docs", str(DOCS)]) == 0
    blocks = capsys.readouterr().out.split("\n# ")
    (block,) = [b for b in blocks if b.lstrip("# ").startswith(f"{LR}\n")]
    names = [line.split()[0] for line in block.splitlines()[1:]]
    assert names == list(lecture(LR).figures)
    assert names[:2] == ["descent-path", "cost-history"]

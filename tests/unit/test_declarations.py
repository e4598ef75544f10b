"""A lecture's declarations (lecture.yml): what they may say, and one line for what is wrong.

Every error names the file and the line, says what is wrong and what to write.
"""

import re
import textwrap

import pytest
from lectures import languages

from gdcore.lecture import load_lecture
from gdcore.yamlfile import DeclarationError, load

LECTURE = textwrap.dedent(
    """\
    title: {zh: 试验, en: Trial}
    costs:
      toy:
        kind: squared-error
        parameters: [theta1]
        points: [[1, 2], [2, 4]]
        about: {zh: 玩具代价, en: the toy cost}
      bowl:
        kind: squared-error
        parameters: [theta0, theta1]
        points: [[1, 1], [2, 3], [3, 4]]
    figures:
      first:
        section: 1
        cost: toy
        kind: curve
        series:
          run:
            theta0: 3.0
            alpha: 0.1
            steps: 2
            colors: [blue]
            label: {zh: "α = {run.alpha}", en: "α = {run.alpha}"}
        title: {zh: 标题, en: A title}
        desc: {zh: "{cost.about}，到 {run.theta_n}", en: "{cost.about}, to {run.theta_n}"}
    widgets:
      sweep:
        kind: sweep
        cost: toy
        theta0: first.theta0
        alphas: [0.01, "1/toy.c", 0.3]
        start: 0.01
        panels: [curve]
        title: {zh: "α {regime.eq_alpha}：{regime.words}", en: "α {regime.eq_alpha}: {regime.words}"}
        desc: {zh: "{run.outlook}", en: "{run.outlook}"}
        regimes:
          one-side: {color: blue, words: {zh: 一侧, en: one side}}
          one-step: {color: green, alpha_is: "1/c", words: {zh: 一步, en: one step}}
          oscillate: {color: orange, words: {zh: 振荡, en: oscillates}}
          bounce: {color: magenta, words: {zh: 跳, en: bounces}}
          diverge: {color: red, words: {zh: 发散, en: diverges}}
    runs:
      again:
        cost: bowl
        theta0: [0, 0]
        alpha: first.alpha
        steps: 50
    claims:
      - holds: first.alpha < toy.two_over_c
        says: "§1: the first figure's α converges"
    """
)


def _load(tmp_path, text=LECTURE):
    folder = tmp_path / "trial"
    folder.mkdir(exist_ok=True)
    (folder / "lecture.yml").write_text(text, encoding="utf-8")
    return load_lecture(folder, languages(), "docs/trial")


def _fails(tmp_path, old, new, *pattern):
    assert old in LECTURE, old
    with pytest.raises(DeclarationError) as raised:
        _load(tmp_path, LECTURE.replace(old, new, 1))
    message = str(raised.value)
    assert "\n" not in message
    assert re.match(r"docs/trial/lecture\.yml:\d+: ", message), message
    for part in pattern:
        assert re.search(part, message), message
    return message


def test_a_lecture_declares_costs_figures_widgets_runs_and_claims(tmp_path):
    lecture = _load(tmp_path)
    assert list(lecture.declared) == ["first"]
    assert list(lecture.figures) == ["first", "sweep-00", "sweep-01", "sweep-02"]
    facts = lecture.facts("en")
    assert facts["toy.c"].text == "5/2"  # J'' = Σx²/m = (1 + 4)/2
    assert facts["sweep.count"].text == "3"
    assert facts["sweep.theta0"].value == 3.0  # an expression over another's fact
    assert facts["again.alpha"].value == 0.1
    assert facts["again.theta_n"].text.startswith("(")  # a point
    assert facts["again.theta_n.1"].value == facts["again.theta_n"].value[1]
    # "1/toy.c" is the exact 1/c (the α are sorted): that frame lands on the minimum.
    assert lecture.figures["sweep-02"].series[0].alpha == 2 / 5
    assert lecture.widgets["sweep"].regime(0.4) == "one-step"
    assert lecture.caption("sweep-02", "en") == "α = 1/c = 0.4: one step"


@pytest.mark.parametrize(
    ("old", "new", "patterns"),
    [
        ("kind: curve", "kind: curev", [r"unknown kind 'curev'", "the kinds are: curve"]),
        (
            "title: {zh: 标题, en: A title}",
            "title: {zh: 标题}",
            [r"title has no words for 'en'; add en: \.\.\."],
        ),
        (
            "title: {zh: 标题, en: A title}",
            "title: {zh: 标题, en: A title, fr: Un titre}",
            [r"words for 'fr', which is not a language of the site"],
        ),
        ("colors: [blue]", "colors: [purple]", [r"colour 'purple' is not a series colour", "blue"]),
        ("alpha: 0.1", "alpha: fast", [r"'fast' names no fact 'fast'"]),
        ("alpha: 0.1", "alpha: [0.1]", [r"alpha must be a number"]),
        ("steps: 2", "steps: 2.5", [r"steps must be an integer from 0 to 100000"]),
        ("steps: 2", "stpes: 2", [r"unknown key 'stpes' \(did you mean 'steps'\?\)"]),
        ("cost: toy\n    kind: curve", "cost: toi\n    kind: curve", [r"unknown cost 'toi'"]),
        (
            "kind: curve",
            "kind: contour" if False else "kind: curve\n    window: {theta: [2, 1]}",
            [r"theta must be \[lo, hi\]"],
        ),
        (
            "holds: first.alpha < toy.two_over_c",
            "holds: first.alpha > toy.two_over_c",
            [
                r"the prose no longer holds: §1: the first figure's α converges",
                r"first\.alpha = 0\.1",
                r"toy\.two_over_c = 4/5",
            ],
        ),
        ("holds: first.alpha < toy.two_over_c", "holds: first.alpha + 1", [r"is not a comparison"]),
        (
            'desc: {zh: "{cost.about}，到 {run.theta_n}"',
            'desc: {zh: "{cost.about}，到 {run.theta_m}"',
            [r"figure 'first' \(zh\): unknown placeholder \{run\.theta_m\}"],
        ),
        ("theta0: [0, 0]", "theta0: 0", [r"theta0 must be a list of 2 numbers"]),
        ("  again:\n", "  first:\n", [r"'first' names two things"]),
        ("alpha: first.alpha", "alpha: again.alpha", [r"facts depend on each other in a circle"]),
        ("panels: [curve]", "panels: [{kind: curve, window: {x: [0, 1]}}]", [r"unknown key 'x'"]),
    ],
)
def test_a_wrong_declaration_is_one_line_naming_the_line(tmp_path, old, new, patterns):
    _fails(tmp_path, old, new, *patterns)


def test_a_name_written_twice_names_both_lines(tmp_path):
    doubled = LECTURE.replace("  bowl:\n", "  toy:\n", 1)
    with pytest.raises(DeclarationError, match=r"lecture\.yml:8: 'toy' is written twice .*line 3"):
        _load(tmp_path, doubled)


def test_a_frame_name_that_is_a_figure_name_is_refused(tmp_path):
    clash = LECTURE.replace("  first:\n", "  sweep-01:\n").replace("first.", "sweep-01.")
    with pytest.raises(DeclarationError, match=r"makes a frame 'sweep-01', the name of the figure"):
        _load(tmp_path, clash)


def test_a_contour_of_a_one_parameter_cost_says_which_kind_to_use(tmp_path):
    # Every kind says the number of parameters it draws.
    text = LECTURE.replace("cost: toy\n    kind: curve", "cost: bowl\n    kind: curve", 1)
    text = text.replace("theta0: 3.0\n", "theta0: [3.0, 1.0]\n", 1)
    with pytest.raises(
        DeclarationError, match=r"a curve draws costs of 1 parameter\(s\); this cost has 2"
    ):
        _load(tmp_path, text)


def test_yaml_reads_only_what_it_seems_to_say(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("a: no\nb: 1e-3\nc: 0777\nd: 2020-01-01\ne: true\n", encoding="utf-8")
    assert load(path) == {"a": "no", "b": 0.001, "c": 777, "d": "2020-01-01", "e": True}
    path.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(DeclarationError, match=r"x\.yml:2: not valid UTF-8 \(byte offset 8\)"):
        load(path)
    path.write_text("a: !!python/object:os.system echo\n", encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"x\.yml:1: "):
        load(path)


def test_a_language_file_missing_a_word_names_it(tmp_path):
    from gdcore.words import load_language

    source = languages()["en"].file
    text = open(source, encoding="utf-8").read()
    broken = tmp_path / "en.yml"
    broken.write_text(text.replace("  minimum: minimum\n", ""), encoding="utf-8")
    with pytest.raises(DeclarationError, match=r"en\.yml:\d+: figures\.minimum is missing"):
        load_language(broken)
    broken.write_text(
        text.replace('converged: "run on, it needs {n}', 'converged: "run on, it needs {m}'),
        encoding="utf-8",
    )
    with pytest.raises(DeclarationError, match=r"outlook\.converged uses \{m\}; it may use \{n\}"):
        load_language(broken)

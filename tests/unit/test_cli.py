"""python -m gdcore: its commands, and bad input (exit 2, one line, no traceback)."""

import subprocess
import sys

import pytest
from lectures import DOCS, INTUITION, ROOT, lecture

from gdcore import cli
from gdcore.descent import descend

L = lecture()
LECTURE_COST = L.costs["J"]
FIGURES = L.figures


def main(argv):
    """The command line, reading this project's docs wherever the test runs."""
    return cli.main([*argv, "--docs", str(DOCS)] if argv and argv[0] in cli.COMMANDS else argv)


def test_list_names_every_figure_with_its_section(capsys):
    assert main(["list"]) == 0
    listed = capsys.readouterr().out.split("\n# ")  # one "# LECTURE" block per lecture
    assert listed[0].startswith(f"# {INTUITION}\n"), listed[0][:80]
    out = listed[0].splitlines()[1:]
    assert [line.split()[0] for line in out] == list(FIGURES)
    assert "section 3" in out[2] and "α too small" in out[2]
    assert any(line.startswith("alpha-explorer-06") and "α = 1/c ≈ 0.214" in line for line in out)
    assert main(["list", "--lang", "zh"]) == 0
    assert "α 太小" in capsys.readouterr().out


def test_render_writes_the_chosen_figures_and_languages(tmp_path, capsys):
    top = tmp_path / "new" / "folder"
    assert main(["render", "--out", str(top), "--lang", "zh", "alpha-small"]) == 0
    out = top / INTUITION  # OUT/LECTURE/...
    # Each figure with its dark-palette twin.
    assert sorted(p.name for p in out.iterdir()) == [
        "alpha-small.dark.zh.svg",
        "alpha-small.zh.svg",
    ]
    assert main(["render", "--out", str(top), "update-rule"]) == 0
    assert {p.name for p in out.iterdir()} >= {"update-rule.zh.svg", "update-rule.en.svg"}
    assert str(out / "update-rule.en.svg") in capsys.readouterr().out


def test_run_takes_a_vector_start_for_a_cost_of_two_parameters(tmp_path, capsys):
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "lecture.yml").write_text(
        "title: {zh: 二, en: Two}\n"
        "costs:\n  houses:\n    kind: squared-error\n    parameters: [theta0, theta1]\n"
        "    points: [[1, 2], [2, 2.5], [3, 4]]\n",
        encoding="utf-8",
    )
    argv = ["run", "--alpha", "0.1", "--theta0", "0,-0.5", "--steps", "3", "--lecture", str(folder)]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    run = descend(lecture_cost := _two(folder), 0.1, (0.0, -0.5), 3)
    assert lines[0] == "cost houses, alpha 0.1, theta0 0, -0.5"
    assert lines[1].split() == [
        "k",
        "theta0",
        "theta1",
        "J(theta)",
        "grad0",
        "grad1",
        "step",
        "size",
    ]
    first = [float(v) for v in lines[2].split()]
    assert first[1:3] == pytest.approx(run.theta[0]) and first[3] == pytest.approx(run.J[0])
    assert first[4:6] == pytest.approx(run.grad[0], rel=1e-5)
    assert lecture_cost.dim == 2
    assert main([*argv[:4], "1.5", *argv[5:]]) == 2
    assert "theta0 must be a list of 2 numbers" in capsys.readouterr().err


def _two(folder):
    from lectures import languages

    from gdcore.lecture import load_lecture

    return load_lecture(folder, languages()).costs["houses"]


def test_run_prints_the_table_and_how_it_ended(capsys):
    assert main(["run", "--alpha", "0.1", "--theta0", "3", "--steps", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    run = descend(LECTURE_COST, 0.1, 3.0, 4)
    assert lines[1].split() == ["k", "theta", "J(theta)", "slope", "step"]
    rows = [line.split() for line in lines[2:-1]]
    assert len(rows) == 5
    for k, row in enumerate(rows):
        assert int(row[0]) == k
        assert float(row[1]) == pytest.approx(run.theta[k][0], rel=1e-5)
        assert float(row[2]) == pytest.approx(run.J[k], rel=1e-5)
        assert float(row[3]) == pytest.approx(run.grad[k][0], rel=1e-5)
    assert float(rows[0][4]) == pytest.approx(run.step[0][0], rel=1e-5)
    assert lines[-1].startswith("step-limit after 4 steps")


def test_run_reports_divergence_and_convergence(capsys):
    main(["run", "--alpha", "0.5", "--theta0", "1.6", "--steps", "500"])
    assert capsys.readouterr().out.splitlines()[-1].startswith("diverged after")
    main(["run", "--alpha", "0.1", "--theta0", "1", "--cost", "wavy", "--steps", "5"])
    assert capsys.readouterr().out.splitlines()[-1].startswith("converged after 1 step:")


BAD = [
    (["run", "--alpha", "0", "--theta0", "1"], "alpha must be a finite number > 0"),
    (["run", "--alpha", "-2", "--theta0", "1"], "alpha must be a finite number > 0"),
    (["run", "--alpha", "nan", "--theta0", "1"], "alpha must be a finite number > 0"),
    (["run", "--alpha", "inf", "--theta0", "1"], "alpha must be a finite number > 0"),
    (["run", "--alpha", "fast", "--theta0", "1"], "argument --alpha: not a number: 'fast'"),
    (["run", "--alpha", "0.1", "--theta0", "inf"], "theta0 must be a finite number"),
    (["run", "--alpha", "0.1", "--theta0", "1e9"], "theta0 must be a finite number with"),
    (["run", "--alpha", "0.1", "--theta0", "1", "--steps", "2.5"], "steps must be an integer"),
    (["run", "--alpha", "0.1", "--theta0", "1", "--steps", "-3"], "steps must be an integer"),
    (["run", "--alpha", "0.1", "--theta0", "1", "--steps", "999999"], "from 0 to 100000"),
    (["run", "--alpha", "0.1", "--theta0", "1", "--cost", "nope"], "--cost 'nope' is no cost"),
    (["run", "--theta0", "1"], "required: --alpha"),
    (["render", "--out", "x", "no-such-figure"], "unknown figure 'no-such-figure'"),
    (["render", "--out", "x", "--lang", "fr"], "--lang must be one of en, zh, got 'fr'"),
    (["render"], "required: --out"),
    (["list", "--lang", "de"], "--lang must be one of en, zh, got 'de'"),
    (["list", "--lecture", "nowhere"], "--lecture: 'nowhere' has no lecture.yml"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    ([], "required: command"),
]


@pytest.mark.parametrize("theta0", ["-1e-3", "-2E2", "-1.5e+1", "-.5e1"])
def test_negative_numbers_in_scientific_notation_are_numbers(capsys, theta0):
    assert main(["run", "--alpha", "0.1", "--theta0", theta0, "--steps", "1"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"cost J, alpha 0.1, theta0 {float(theta0):g}"


@pytest.mark.parametrize("alpha", ["-1e-3", "-2E2"])
def test_a_negative_alpha_in_scientific_notation_gets_the_alpha_message(capsys, alpha):
    assert main(["run", "--alpha", alpha, "--theta0", "1"]) == 2
    err = capsys.readouterr().err
    assert err == f"gdcore: error: alpha must be a finite number > 0, got {float(alpha)!r}\n"


def test_out_must_name_a_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    cases = {
        "": "--out must name a folder, got ''",
        str(a_file): f"--out must name a folder; {str(a_file)!r} is a file",
        str(a_file / "below"): f"--out must name a folder; {str(a_file)!r} is a file",
    }
    for out, message in cases.items():
        assert main(["render", "--out", out, "alpha-small"]) == 2, out
        captured = capsys.readouterr()
        assert captured.err == f"gdcore: error: {message}\n"
        assert captured.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # nothing written
    assert a_file.read_text() == "not a folder"


@pytest.mark.parametrize(("argv", "message"), BAD, ids=[" ".join(a) or "nothing" for a, _ in BAD])
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gdcore: error: ")
    assert message in lines[0]
    assert captured.out == ""


def test_facts_lists_what_pages_may_name(capsys):
    assert main(["facts"]) == 0
    out = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines())
    assert out["J.coef"] == "7/3" and out["alpha-small.total_steps"] == "336"


def test_as_a_module_in_a_real_process(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "gdcore", "list"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert ok.returncode == 0 and "shrinking-steps" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "gdcore", "run", "--alpha", "nan", "--theta0", "0"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip() == "gdcore: error: alpha must be a finite number > 0, got nan"
    assert "Traceback" not in bad.stderr

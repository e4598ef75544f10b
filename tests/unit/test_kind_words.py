"""The kinds' generic words: in every language file, checked where they are written."""

from __future__ import annotations

import pytest
from kindtools import ROOT

from gdcore.words import FIGURE_WORDS, load_language
from gdcore.yamlfile import DeclarationError

KIND_WORDS = (
    "iteration_axis",
    "feature_axis",
    "target_axis",
    "gap_axis",
    "minimum_point",
    "training_set",
    "fit_line",
    "fit_line_last",
    "exactly_zero",
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_language_has_the_kinds_words(lang):
    words = load_language(ROOT / "docs" / "languages" / f"{lang}.yml")
    for key in KIND_WORDS:
        assert key in FIGURE_WORDS
        assert words.figures[key].strip(), key
    assert words.figure("fit_line", k=5, h="0.5 + 1.2x").startswith("k = 5")
    assert "0.5 + 1.2x" in words.figure("fit_line_last", k=9, h="0.5 + 1.2x")


@pytest.mark.parametrize("key", ["gap_axis", "fit_line_last", "exactly_zero"])
def test_a_language_file_without_one_names_where_it_goes(tmp_path, key):
    source = (ROOT / "docs" / "languages" / "en.yml").read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    kept = [line for line in lines if not line.lstrip().startswith(f"{key}:")]
    assert len(kept) == len(lines) - 1
    broken = tmp_path / "en.yml"
    broken.write_text("".join(kept), encoding="utf-8")
    figures_line = next(i for i, line in enumerate(kept, 1) if line.startswith("figures:"))
    with pytest.raises(DeclarationError) as caught:
        load_language(broken)
    assert str(caught.value) == f"{broken}:{figures_line}: figures.{key} is missing; add it"


def test_a_word_with_an_unknown_placeholder_says_which_it_may_use(tmp_path):
    source = (ROOT / "docs" / "languages" / "en.yml").read_text(encoding="utf-8")
    broken = tmp_path / "en.yml"
    broken.write_text(source.replace("k = {k}: h(x) = {h}", "k = {k}: h(x) = {hx}"), "utf-8")
    with pytest.raises(DeclarationError, match=r"fit_line uses \{hx\}; it may use \{k\}, \{h\}"):
        load_language(broken)

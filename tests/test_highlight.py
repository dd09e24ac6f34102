"""Marking the words of a search in a result (gentintl.highlight)."""

from gentintl.highlight import folded, fragment, marked, terms
from gentintl.search import normalise


def test_terms_are_the_words_normalised_longest_first_without_syntax():
    assert terms('"Liège" -Gent kunstwerk') == ["kunstwerk", "liege"]
    assert terms("   ") == []


def test_marks_ignore_accents_and_case_both_ways():
    assert marked("Université de Liège", terms("liege")) == "Université de <mark>Liège</mark>"
    assert marked("Gdansk", terms("GDAŃSK")) == "<mark>Gdansk</mark>"


def test_marks_survive_decomposed_accents():
    text = "Lie\u0300ge"  # e followed by a combining grave accent
    assert marked(text, ["liege"]) == f"<mark>{text}</mark>"


def test_overlapping_words_give_one_mark():
    assert marked("Kanazawa", ["kana", "nazawa"]) == "<mark>Kanazawa</mark>"


def test_the_text_is_escaped_and_only_the_marks_are_markup():
    shown = marked("<b>Gent</b> & co", ["gent"])
    assert shown == "&lt;b&gt;<mark>Gent</mark>&lt;/b&gt; &amp; co"
    assert marked("<i>", ["i"]) == "&lt;<mark>i</mark>&gt;"


def test_a_fragment_is_cut_around_the_first_match_at_spaces():
    text = " ".join(f"woord{i}" for i in range(60)) + " Kanazawa " + " ".join(["slot"] * 60)
    shown = fragment(text, ["kanazawa"])
    assert shown.startswith("… woord")
    assert shown.endswith(" …")
    assert "<mark>Kanazawa</mark>" in shown
    assert "woord0 " not in shown
    assert len(shown) < 260


def test_no_fragment_when_no_word_occurs():
    assert fragment("Gent en Kanazawa", ["tallinn"]) is None
    assert fragment("Kort", ["kort"]) == "<mark>Kort</mark>"


def test_folding_keeps_where_each_character_came_from():
    text = "Straße Liège ﬁ e\u0300 ŁÓDŹ"
    folded_text, origin = folded(text)
    by_character = [(normalise(c), i) for i, c in enumerate(text)]
    assert folded_text == "".join(plain for plain, _ in by_character)
    assert origin == [i for plain, i in by_character for _ in plain]
    assert marked(text, ["ss", "lodz"]) == "Stra<mark>ß</mark>e Liège ﬁ e\u0300 <mark>ŁÓDŹ</mark>"

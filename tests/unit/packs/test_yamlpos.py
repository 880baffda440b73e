"""YAML for packs: plain data with lines, nothing evaluated, no alias bombs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehr_sim.packs import yamlpos
from ehr_sim.packs.yamlpos import MAX_DEPTH, YamlProblem, load_located


def test_every_value_keeps_its_line() -> None:
    located = load_located("a: 1\nb:\n  - x: 2026-01-05\n    y: [1, 2]\n")
    assert located.data == {"a": 1, "b": [{"x": "2026-01-05", "y": [1, 2]}]}
    assert located.line_of(("b",)) == 2
    assert located.line_of(("b", 0, "y")) == 4
    assert located.line_of(("b", 0, "missing")) == 3


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ('a: !!python/object/apply:os.system ["echo hacked"]', "YAML003", 1),
        ("a: 1\nb: 2\na: 3", "YAML005", 3),
        ("a: [1,\n", "YAML001", 2),
        ("x: &a [1, 2]\ny: [*a, *a]", "YAML006", 2),
        ("base: &b {k: 1}\nchild:\n  <<: *b", "YAML004", 3),
        ("a: !!binary aGVsbG8=", "YAML003", 1),
    ],
)
def test_unsafe_or_ambiguous_yaml_is_refused_with_its_line(text: str, code: str, line: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_located(text)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_a_billion_laughs_file_is_refused_before_expanding() -> None:
    lines = ['l0: &l0 "lol"']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    with pytest.raises(YamlProblem) as caught:
        load_located("\n".join(lines))
    assert caught.value.code == "YAML006"


@given(st.text(max_size=200))
def test_any_text_gives_data_or_a_located_problem(text: str) -> None:
    try:
        located = load_located(text)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.code.startswith("YAML")
    else:
        assert located.line_of(()) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 500 + "]" * 500,
        "a: " + "{b: " * 300 + "1" + "}" * 300,
        "".join(f"{'  ' * i}k{i}:\n" for i in range(200)) + "  " * 200 + "end",
    ],
)
def test_deep_nesting_is_refused_with_its_line_before_the_stack_runs_out(text: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_located(text)
    assert caught.value.code == "YAML002"
    assert caught.value.line >= 1 and "\n" not in caught.value.message


def test_nesting_as_deep_as_the_limit_still_loads() -> None:
    located = load_located("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert located.line_of(("a",)) == 1


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\nb: 0x_\n", "YAML001", 2),
        ("a: 0b_", "YAML001", 1),
        ("a: " + "9" * 5000, "YAML001", 1),
        ("a: 1\nb:\n  c: x\x00y\n", "YAML007", 3),
    ],
)
def test_values_python_cannot_read_are_refused_in_one_line(text: str, code: str, line: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_located(text)
    assert (caught.value.code, caught.value.line) == (code, line)
    assert "\n" not in caught.value.message


PARSERS = [yamlpos._Loader, *([yamlpos._FastLoader] if hasattr(yamlpos, "_FastLoader") else [])]
CORE = Path(__file__).resolve().parents[3] / "scenarios" / "core"


@pytest.mark.parametrize(
    "text",
    [
        *(p.read_text(encoding="utf-8") for p in sorted(CORE.glob("*.yaml"))),
        "a: é\nb: ü\nc: \x07",
        "a: [1,\n",
        "a:\n\tb: 1",
        "x: &a [1, 2]\ny: [*a, *a]",
        "a: " + "[" * 41 + "]" * 41,
        "a: 1\nb: 2\na: 3",
    ],
)
def test_libyaml_and_the_python_parser_give_the_same_data_lines_and_refusals(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes: list[object] = []
    for parser in PARSERS:
        monkeypatch.setattr(yamlpos, "_PARSER", parser)
        try:
            located = load_located(text)
        except YamlProblem as problem:
            outcomes.append((problem.code, problem.line))
        else:
            outcomes.append((located.data, located.lines))
    assert len(set(map(repr, outcomes))) == 1


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    ("text", "line", "column", "hint"),
    [
        (
            "id: a\nbriefing: Call back: the patient is waiting\n",
            2,
            20,
            'put the text in quotes, like briefing: "Call back: the patient is waiting"',
        ),
        ("id: a\nworld:\n\tseed: 7\n", 3, 1, "a tab is used for indentation"),
        ("id: a\nworld:\n  seed: 7\n\tpatients: 30\n", 4, 1, "a tab is used for indentation"),
        (
            "id: a\nworld:\n  seed: 7\n    patients: 300\n",
            4,
            13,
            "indented further than the line above allows",
        ),
        (
            "id: a\nworld:\n    seed: 7\n  patients: 300\n",
            4,
            3,
            "keys at one level must start in the same column",
        ),
        (
            'id: a\ntitle: "Book a visit\nbriefing: hello\n',
            2,
            8,
            'the quote " that opens here is never closed',
        ),
        (
            "id: a\ntitle: 'Book a visit\nbriefing: hello\n",
            2,
            8,
            "the quote ' that opens here is never closed",
        ),
        (
            'id: a\nbody: "x" more text\nother: 1\n',
            2,
            11,
            "there is text after the closing quote: put all of the text inside the quotes, "
            'like body: "x more text"',
        ),
    ],
    ids=[
        "colon",
        "tab",
        "tab-after-spaces",
        "indent-deeper",
        "indent-shallower",
        "dq",
        "sq",
        "after-quote",
    ],
)
def test_a_yaml_slip_is_reported_with_its_line_column_and_cause_in_plain_words(
    text: str,
    line: int,
    column: int,
    hint: str,
    parser: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlpos, "_PARSER", parser)
    with pytest.raises(YamlProblem) as caught:
        load_located(text)
    problem = caught.value
    assert (problem.code, problem.line, problem.column) == ("YAML001", line, column)
    assert hint in problem.message and "\n" not in problem.message

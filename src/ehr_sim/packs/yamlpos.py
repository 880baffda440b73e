"""Safe YAML loading that remembers the line of every value, for file:line error reports.

Only plain data comes out (mappings, lists, strings, numbers, booleans, null): no tags,
no objects, nothing evaluated. Dates stay text; the pack format parses them itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    """The text is not YAML the pack format accepts; `line` is 1-based, and so is `column`
    when known (0 when not)."""

    def __init__(self, line: int, code: str, message: str, column: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.code = code
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Located:
    """Parsed data plus the 1-based line of each value, keyed by its path."""

    data: Any
    lines: dict[Path, int]

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return line
        return 1


MAX_DEPTH = 40
"""Deepest nesting of lists and mappings a pack file may use (real scenarios use about 10)."""


class _DepthLimit(Composer):
    """Counts nesting while composing: PyYAML composes nested nodes recursively, so a 1 KB
    file of 500 '[' would otherwise exhaust Python's stack before any check runs."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.depth > MAX_DEPTH:
            event = self.peek_event()  # type: ignore[attr-defined]  # the parser half's
            line = event.start_mark.line + 1 if event is not None else 1
            raise YamlProblem(line, "YAML002", f"nested more than {MAX_DEPTH} levels deep")
        self.depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        return node


class _Loader(_DepthLimit, yaml.SafeLoader):
    """SafeLoader whose timestamps stay strings (so '2026-01-05' is not a date object)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PARSER: Callable[[str], _DepthLimit] = _Loader

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the Python parser does it all
    pass
else:

    class _FastLoader(_DepthLimit, CParser, SafeConstructor, Resolver):
        """The same loader reading events with libyaml (several times faster).

        Only scanning and parsing are libyaml's: composing (with its depth limit) and
        constructing stay the Python code above, so both loaders give the same nodes."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _PARSER = _FastLoader


def load_located(text: str) -> Located:
    """Parse one YAML document; raise YamlProblem with a line for anything unusable."""
    bad = _NOT_TEXT.search(text)
    if bad is not None:  # checked here so both parsers report it alike, at its own line
        raise YamlProblem(
            text.count("\n", 0, bad.start()) + 1,
            "YAML007",
            f"the character U+{ord(bad.group()):04X} is not allowed in a text file",
        )
    try:
        node = _PARSER(text).get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, "YAML001", f"not valid YAML: {_one_line(exc)}") from None
    if node is None:
        return Located(None, {(): 1})
    lines: dict[Path, int] = {}
    return Located(_convert(node, (), lines, _Loader(""), set()), lines)


# A value in quotes with more text after the closing quote: `body: "x" more text`.
_AFTER_QUOTE = re.compile(
    r"""^(?P<lead>\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?)(?P<q>["'])(?P<text>(?:(?!(?P=q)).)*)(?P=q)"""
    r"""[ \t]*(?P<rest>[^\s#].*?)\s*$"""
)


def _text_after_quote(here: str, column: int) -> str | None:
    """The hint for text written after a value's closing quote, when the error is there."""
    found = _AFTER_QUOTE.match(here)
    if found is None or column - 1 < found.start("rest"):
        return None
    key = found.group("lead").strip().lstrip("- ").rstrip(": ").strip()
    whole = f"{found.group('text')} {found.group('rest')}".replace('"', "'")
    example = f'{key}: "{whole}"' if key and len(whole) <= 60 else ""
    return "there is text after the closing quote: put all of the text inside the quotes" + (
        f", like {example}" if example else ""
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """A YAML syntax error as line, column and the likely cause in plain words.

    The commonest slips get a hint an author can act on (a colon inside unquoted text, a tab,
    an indentation that does not match, an unclosed quote); PyYAML's own words follow in
    brackets, since the two parsers word them differently."""
    lines = _LINE_BREAK.split(text)
    mark = exc.problem_mark or exc.context_mark
    # libyaml marks an unexpected end of the file one line past it; point at the last.
    line = min(mark.line + 1, len(lines)) if mark is not None else 1
    column = mark.column + 1 if mark is not None and mark.line + 1 <= len(lines) else 0
    said = _one_line(exc.problem or exc)
    context = str(exc.context or "")
    here = lines[line - 1] if line <= len(lines) else ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    hint = None
    if "quoted scalar" in context and exc.context_mark is not None:
        opened = exc.context_mark
        line, column = opened.line + 1, opened.column + 1
        quote = lines[opened.line][opened.column : opened.column + 1] or '"'
        hint = (
            f"the quote {quote} that opens here is never closed: add the closing {quote} "
            "at the end of the text"
        )
    elif "\t" in indent or "tab" in said or "\\t" in said:
        hint = "a tab is used for indentation: indent with spaces only (YAML does not allow tabs)"
    elif "mapping values are not allowed" in said:
        before = here[: max(column - 1, 0)]
        if ": " in before.lstrip(" -"):
            key = before.lstrip(" -").partition(": ")[0]
            rest = here.lstrip(" -")[len(key) + 2 :].strip()
            example = f'{key}: "{rest}"' if '"' not in rest and len(rest) <= 60 else ""
            hint = (
                "a colon followed by a space inside unquoted text starts a new key: "
                "put the text in quotes" + (f", like {example}" if example else "")
            )
        else:
            hint = (
                "this line is indented further than the line above allows: start it in the "
                "same column as the other keys at its level"
            )
    elif (after := _text_after_quote(here, column)) is not None:
        hint = after
    elif "block mapping" in context or "block collection" in context or "expected key" in said:
        hint = (
            "the indentation does not match the lines around it: keys at one level must start "
            "in the same column, indented with the same number of spaces"
        )
    elif "flow" in context and exc.context_mark is not None:
        hint = (
            f"the {{ or [ opened on line {exc.context_mark.line + 1} is not closed, or a comma "
            "is missing between its items"
        )
    message = f"{hint} (YAML: {said})" if hint else f"not valid YAML: {said}"
    return YamlProblem(line, "YAML001", message, column)


def _convert(
    node: Node, path: Path, lines: dict[Path, int], loader: _Loader, seen: set[int]
) -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen:
        # An alias: expanding shared nodes is how "billion laughs" files blow up memory.
        # The node's own mark is the anchor's, so report the line where the alias is used.
        used_at = next(
            (lines[path[:cut]] for cut in range(len(path), -1, -1) if path[:cut] in lines), line
        )
        raise YamlProblem(
            used_at, "YAML006", "anchors and aliases (& and *) are not allowed in a pack"
        )
    lines.setdefault(path, line)
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(line, "YAML003", f"tag {node.tag} is not allowed in a pack")
    if isinstance(node, ScalarNode):
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            # '0x_' looks like a number to YAML but is none; a 5,000-digit number is refused
            # by int() itself. Either way the value cannot be read as written.
            raise YamlProblem(
                line, "YAML001", f"'{_one_line(node.value)[:40]}' is not a readable value"
            ) from None
    if isinstance(node, SequenceNode):
        return [
            _convert(child, (*path, index), lines, loader, seen)
            for index, child in enumerate(node.value)
        ]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(
                    key_node.start_mark.line + 1, "YAML004", "keys must be plain words"
                )
            seen.add(id(key_node))
            key = str(key_node.value)
            if key in result:
                raise YamlProblem(
                    key_node.start_mark.line + 1, "YAML005", f"'{key}' is given twice"
                )
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, (*path, key), lines, loader, seen)
        return result
    raise YamlProblem(line, "YAML003", "unsupported YAML node")


# What YAML accepts in a stream (PyYAML's own test, in its reader).
_NOT_TEXT = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # YAML's line breaks


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


_PLAIN_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}

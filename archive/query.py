"""The search query language, parsed once and compiled for each backend.

    query  := or
    or     := and ("OR" and)*
    and    := unary (["AND"] unary)*          (juxtaposition is AND)
    unary  := ("NOT" | "-") unary | "(" or ")" | term
    term   := WORD | WORD* (prefix) | "quoted phrase"

Operators are upper-case words (``and``, ``or``, ``not`` in lower case are
searched for as words). Anything a parser could choke on is either turned
into text (stray quotes, lone ``*``, ``:``) or refused with a ``QueryError``
that says what is wrong: nothing user-typed ever reaches SQL unquoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .exceptions import QueryError
from .textindex import fts_phrase, pair_phrase, query_tokens

__all__ = ["And", "Not", "Or", "Term", "parse"]

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False  # quoted: the words together, in order
    prefix: bool = False  # word*: any word that starts so


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Not | And | Or

_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


def _tokens(query: str) -> list[str]:
    return _TOKEN.findall(query)


def parse(query: str) -> Node:
    """Parse a user query; ``QueryError`` says what is wrong with a bad one."""
    query = query.replace("\x00", " ").strip()
    if not query:
        raise QueryError("empty query: give at least one word to search for")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: {len(query)} characters, at most {MAX_QUERY_CHARS}")
    parser = _Parser(_tokens(query), query)
    node = parser.parse()
    if not _has_positive(node):
        raise QueryError(f"{query!r} only excludes: say what to search for, too")
    if len(list(terms(node))) > MAX_TERMS:
        raise QueryError(f"too many terms: at most {MAX_TERMS}")
    return node


def terms(node: Node):  # type: ignore[no-untyped-def]
    """Every term in the query, excluded ones included."""
    if isinstance(node, Term):
        yield node
    elif isinstance(node, Not):
        yield from terms(node.node)
    else:
        for child in node.nodes:
            yield from terms(child)


def positive_terms(node: Node) -> list[Term]:
    """The terms a match must (or may) contain: for snippets and highlighting."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [t for child in node.nodes for t in positive_terms(child)]


def _has_positive(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(n) for n in node.nodes)
    return all(_has_positive(n) for n in node.nodes)


class _Parser:
    def __init__(self, tokens: list[str], query: str) -> None:
        self.tokens, self.pos, self.query = tokens, 0, query

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.parse_or()
        if self.peek() is not None:  # only a stray ")" can stop the parse early
            raise QueryError(f"unbalanced parenthesis in {self.query!r}")
        if node is None:
            raise QueryError(
                f"nothing to search for in {self.query!r}: it has no letters or digits"
            )
        return node

    def parse_or(self) -> Node | None:
        nodes = [n for n in [self.parse_and()] if n is not None]
        while self.peek() == "OR":
            self.take()
            right = self.parse_and()
            if right is None:
                raise QueryError(f"OR needs something on both sides in {self.query!r}")
            nodes.append(right)
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def parse_and(self) -> Node | None:
        nodes: list[Node] = []
        while (token := self.peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                self.take()
                continue
            node = self.parse_unary()
            if node is not None:
                nodes.append(node)
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def parse_unary(self) -> Node | None:
        token = self.take()
        if token == "NOT" or (token.startswith("-") and len(token) > 1):
            if token != "NOT":
                self.tokens.insert(self.pos, token[1:])
            if self.peek() is None:
                raise QueryError(f"NOT needs something after it in {self.query!r}")
            inner = self.parse_unary()
            return Not(inner) if inner is not None else None
        if token == "(":
            inner = self.parse_or()
            if self.peek() != ")":
                raise QueryError(f"unbalanced parenthesis in {self.query!r}")
            self.take()
            return inner
        if token.startswith('"'):
            text = token.strip('"')
            return Term(text, phrase=True) if fts_phrase(text) else None
        prefix = token.endswith("*") and len(token.rstrip("*")) > 0
        text = token.rstrip("*") if prefix else token
        return Term(text, prefix=prefix) if fts_phrase(text) else None


TEXT_COLUMNS = ("title", "body")


def to_fts5(node: Node, columns: tuple[str, ...] = TEXT_COLUMNS) -> str:
    """The FTS5 MATCH expression over ``columns``: every term a quoted string
    (see textindex.fts_phrase) under a column filter. A phrase of words is
    matched in the columns' pair counterparts (textindex.pair_phrase)."""
    if isinstance(node, Term):
        phrase = pair_phrase(node.text)
        if phrase is not None:
            columns = tuple(f"{c}_pairs" for c in columns)
        else:
            phrase = fts_phrase(node.text)
        assert phrase is not None
        if node.prefix and not phrase.endswith("*"):
            phrase += " *"
        return "{" + " ".join(columns) + "} : " + phrase
    if isinstance(node, Not):
        raise AssertionError("NOT is compiled by its parent")
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(n, columns) for n in node.nodes) + ")"
    positive = [n for n in node.nodes if not isinstance(n, Not)]
    negative = [n.node for n in node.nodes if isinstance(n, Not)]
    expr = "(" + " AND ".join(to_fts5(n, columns) for n in positive) + ")"
    for n in negative:
        expr += " NOT " + to_fts5(n, columns)
    return expr


def _lexeme(token: str) -> str:
    return "'" + token.lower().replace("\\", "\\\\").replace("'", "''") + "'"


def to_tsquery(node: Node) -> str:
    """The PostgreSQL tsquery (for ``to_tsquery('simple', ...)``): terms as
    phrases of quoted lexemes (``<->``), the index's own tokens."""
    if isinstance(node, Term):
        tokens, prefix = query_tokens(node.text)
        lexemes = [_lexeme(t) for t in tokens]
        if node.prefix or prefix:
            lexemes[-1] += ":*"
        return "(" + " <-> ".join(lexemes) + ")"
    if isinstance(node, Not):
        return "!" + to_tsquery(node.node)
    joiner = " | " if isinstance(node, Or) else " & "
    return "(" + joiner.join(to_tsquery(n) for n in node.nodes) + ")"


def normalize_tree(node: Node) -> Node:
    """A lone NOT under OR is not expressible in FTS5; neither is one at the top."""
    if isinstance(node, Not):
        raise QueryError("a query cannot only exclude: say what to search for, too")
    if isinstance(node, Or):
        for child in node.nodes:
            if isinstance(child, Not):
                raise QueryError("NOT cannot stand alone on one side of OR")
        return Or(tuple(normalize_tree(n) for n in node.nodes))
    if isinstance(node, And):
        return And(tuple(n if isinstance(n, Not) else normalize_tree(n) for n in node.nodes))
    return node

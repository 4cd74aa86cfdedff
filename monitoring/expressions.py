"""The small language of validation rules: a tokenizer and a recursive-descent parser.

    expression := term (("+" | "-") term)*
    term       := factor ("*" factor)*
    factor     := NUMBER | reference | "(" expression ")" | "-" factor
    reference  := CODE [ "[" DIMENSION "=" (OPTION | "*") "]" ]

`IDENTIFIED` is an indicator's total, `IDENTIFIED[sex=female]` one option of a
breakdown, `IDENTIFIED[sex=*]` the sum of all options of that breakdown. A missing
figure counts as 0. Nothing is ever handed to eval: anything outside this grammar is
refused with a message.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from league.domain import DomainError
from monitoring.dimensions import DIMENSIONS, INDICATOR_CODE_PATTERN

MAX_LENGTH = 500
MAX_DEPTH = 30

TOKEN_PATTERN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<symbol>[-+*()\[\]=])
    """,
    re.VERBOSE,
)


class ExpressionError(DomainError):
    """A rule's expression does not follow the grammar or names an unknown figure."""

    code = "bad_expression"


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    position: int


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Reference:
    code: str
    dimension: str = ""
    option: str = ""  # "*" for the sum over every option of the dimension


@dataclass(frozen=True)
class Negative:
    operand: object


@dataclass(frozen=True)
class Binary:
    operator: str
    left: object
    right: object


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            _("The expression is longer than %(limit)s characters.") % {"limit": MAX_LENGTH}
        )
    tokens = []
    position = 0
    while position < len(source):
        match = TOKEN_PATTERN.match(source, position)
        if match is None:
            raise ExpressionError(
                _("Unexpected character %(char)r at position %(position)s.")
                % {"char": source[position], "position": position + 1}
            )
        if match.lastgroup != "space":
            tokens.append(Token(match.lastgroup, match.group(), position + 1))
        position = match.end()
    return tokens


class Parser:
    def __init__(self, source: str, indicators: dict | None):
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0
        # code -> Indicator; None parses the grammar only, without checking codes.
        self.indicators = indicators

    def parse(self):
        if not self.tokens:
            raise ExpressionError(_("The expression is empty."))
        node = self.expression()
        if self.index < len(self.tokens):
            token = self.tokens[self.index]
            raise ExpressionError(
                _("Unexpected %(text)r at position %(position)s.")
                % {"text": token.text, "position": token.position}
            )
        return node

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, text: str | None = None, kind: str | None = None) -> Token:
        token = self.peek()
        if token is None:
            raise ExpressionError(_("The expression ends too early."))
        if (text is not None and token.text != text) or (kind is not None and token.kind != kind):
            raise ExpressionError(
                _("Expected %(expected)s at position %(position)s, found %(found)r.")
                % {
                    "expected": repr(text) if text else _("a name"),
                    "position": token.position,
                    "found": token.text,
                }
            )
        self.index += 1
        return token

    def expression(self):
        node = self.term()
        while (token := self.peek()) is not None and token.text in ("+", "-"):
            self.index += 1
            node = Binary(token.text, node, self.term())
        return node

    def term(self):
        node = self.factor()
        while (token := self.peek()) is not None and token.text == "*":
            self.index += 1
            node = Binary("*", node, self.factor())
        return node

    def factor(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(_("The expression is nested too deeply."))
        try:
            token = self.peek()
            if token is None:
                raise ExpressionError(_("The expression ends too early."))
            if token.kind == "number":
                self.index += 1
                return Number(Decimal(token.text))
            if token.text == "(":
                self.index += 1
                node = self.expression()
                self.take(")")
                return node
            if token.text == "-":
                self.index += 1
                return Negative(self.factor())
            if token.kind == "name":
                return self.reference()
            raise ExpressionError(
                _("Unexpected %(text)r at position %(position)s.")
                % {"text": token.text, "position": token.position}
            )
        finally:
            self.depth -= 1

    def reference(self) -> Reference:
        token = self.take(kind="name")
        code = token.text
        if not re.fullmatch(INDICATOR_CODE_PATTERN, code):
            raise ExpressionError(
                _("%(name)r at position %(position)s is not an indicator code.")
                % {"name": code, "position": token.position}
            )
        indicator = None
        if self.indicators is not None:
            indicator = self.indicators.get(code)
            if indicator is None:
                raise ExpressionError(_("There is no active indicator %(code)s.") % {"code": code})
            if indicator.is_text:
                raise ExpressionError(
                    _("%(code)s holds text and cannot be counted.") % {"code": code}
                )
        if (token := self.peek()) is None or token.text != "[":
            return Reference(code)
        self.index += 1
        dimension = self.take(kind="name").text
        self.take("=")
        option_token = self.take()
        option = option_token.text
        if option_token.kind != "name" and option != "*":
            raise ExpressionError(
                _("Expected an option or * at position %(position)s.")
                % {"position": option_token.position}
            )
        self.take("]")
        if dimension not in DIMENSIONS:
            raise ExpressionError(
                _("Unknown breakdown %(dimension)r (known: %(known)s).")
                % {"dimension": dimension, "known": ", ".join(DIMENSIONS)}
            )
        if option != "*" and option not in DIMENSIONS[dimension].choices.values:
            raise ExpressionError(
                _("Unknown option %(option)r of %(dimension)s (known: %(known)s).")
                % {
                    "option": option,
                    "dimension": dimension,
                    "known": ", ".join(DIMENSIONS[dimension].choices.values),
                }
            )
        if indicator is not None and not getattr(indicator, DIMENSIONS[dimension].flag):
            raise ExpressionError(
                _("%(code)s is not broken down by %(dimension)s.")
                % {"code": code, "dimension": dimension}
            )
        return Reference(code, dimension, option)


def parse(source: str, indicators: dict | None = None):
    """The syntax tree of `source`, or ExpressionError. Checks codes when given indicators."""
    return Parser(source, indicators).parse()


def references(node) -> list[Reference]:
    """Every figure an expression reads, left to right."""
    if isinstance(node, Reference):
        return [node]
    if isinstance(node, Negative):
        return references(node.operand)
    if isinstance(node, Binary):
        return references(node.left) + references(node.right)
    return []


def evaluate(node, values: dict[tuple[str, str, str], Decimal]) -> Decimal:
    """The expression's value; `values` maps (code, dimension, option) to a figure."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Reference):
        if node.option == "*":
            return sum(
                (
                    values.get((node.code, node.dimension, option), Decimal(0))
                    for option in DIMENSIONS[node.dimension].choices.values
                ),
                Decimal(0),
            )
        return values.get((node.code, node.dimension, node.option), Decimal(0))
    if isinstance(node, Negative):
        return -evaluate(node.operand, values)
    left, right = evaluate(node.left, values), evaluate(node.right, values)
    if node.operator == "+":
        return left + right
    if node.operator == "-":
        return left - right
    return left * right


COMPARISONS = {
    "==": lambda left, right: left == right,
    "!=": lambda left, right: left != right,
    "<": lambda left, right: left < right,
    "<=": lambda left, right: left <= right,
    ">": lambda left, right: left > right,
    ">=": lambda left, right: left >= right,
}

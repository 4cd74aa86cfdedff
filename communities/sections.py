"""Sections that other apps add to the community page.

`communities` must not import the apps built on it, so they register here instead
(from their AppConfig.ready) and the community page renders whatever is registered.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    # (user, community) -> the template's context, or None to leave the section out
    # for this user. Must cost a fixed number of queries.
    build: Callable[..., dict | None]
    order: int = 100


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def sections_for(user, community) -> list[dict]:
    rendered = []
    for section in sorted(_sections.values(), key=lambda section: section.order):
        context = section.build(user, community)
        if context is not None:
            rendered.append({"template": section.template, "context": context})
    return rendered

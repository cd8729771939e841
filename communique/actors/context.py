"""What the resolver learns about one article as it reads it: people, mentions, pairs, acts."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from communique.model import Actor


@dataclass
class DocumentContext:
    """What the resolver has learnt about one article; lives as long as the article does."""

    published: dt.date | None
    people: dict[str, Actor] = field(default_factory=dict)  # full name and surname, folded
    mentions: list[tuple[int, Actor]] = field(default_factory=list)  # (token index, actor)
    last_pair: tuple[Actor, Actor] | None = None
    home_country: str | None = None
    groups: list[tuple[int, Actor]] = field(default_factory=list)  # groups met so far
    pair_counts: dict[frozenset[str | None], int] = field(default_factory=dict)
    enumerations: list[tuple[int, list[Actor]]] = field(default_factory=list)  # state lists
    last_listed: list[Actor] = field(default_factory=list)  # the last group read as a list
    acts: list[tuple[int, list[Actor], list[Actor]]] = field(
        default_factory=list)  # (trigger, doers, recipients) of each act so far
    _role_holders: dict[str, list[tuple[int, Actor]]] | None = field(
        default=None, init=False, repr=False)
    _lists_by_count: dict[int, list[Actor] | None] = field(
        default_factory=dict, init=False, repr=False)

    def groups_before(self, token_index: int) -> Iterator[Actor]:
        """Groups mentioned before a token, nearest first."""
        return _nearest_first(self.groups, token_index)

    def note_pair(self, source: Actor, target: Actor) -> None:
        """Remember who met whom; "the two sides" is the pair met most often, latest first."""
        key = frozenset((source.party, target.party))
        self.pair_counts[key] = self.pair_counts.get(key, 0) + 1
        best = max(self.pair_counts.values())
        if self.pair_counts[key] == best:
            self.last_pair = (source, target)

    def note_act(self, token_index: int, doers: list[Actor], recipients: list[Actor]) -> None:
        """Remember who did an act to whom, for a later "the decision" or "in retaliation"."""
        if doers:
            self.acts.append((token_index, doers, recipients))

    def act_before(self, token_index: int) -> list[Actor]:
        """The doers of the latest act reported before a token."""
        return self._latest_act(token_index)[0]

    def recipients_before(self, token_index: int) -> list[Actor]:
        """The recipients of the latest act reported before a token."""
        return self._latest_act(token_index)[1]

    def _latest_act(self, token_index: int) -> tuple[list[Actor], list[Actor]]:
        """(doers, recipients) of the latest act before a token; empty lists if none."""
        return next(((doers, recipients) for i, doers, recipients in reversed(self.acts)
                     if i < token_index), ([], []))

    def remember_person(self, actor: Actor) -> None:
        """Index a person by full name, surname and first word, keeping the placed mention."""
        parts = actor.name.split()
        for key in {actor.name.lower(), parts[-1].lower(), parts[0].lower()}:
            known = self.people.get(key)
            if known is None or (known.country is None and actor.country):
                self.people[key] = actor

    def list_of_about(self, count: int) -> list[Actor] | None:
        """The longest (first of equals) list of states the article spells out that is
        about ``count`` long, looked up once per count."""
        if count not in self._lists_by_count:
            fitting = [m for _, m in self.enumerations
                       if abs(len(m) - count) <= max(2, count // 5)]
            self._lists_by_count[count] = max(fitting, key=len) if fitting else None
        return self._lists_by_count[count]

    def list_before(self, token_index: int) -> list[Actor] | None:
        """The last list of states the article spells out before a token."""
        n = bisect_left(self.enumerations, token_index, key=_token_index_of_list)
        return self.enumerations[n - 1][1] if n else None

    def role_holder_before(self, role: str, token_index: int) -> Actor | None:
        """The nearest person named before a token who holds this role; the people are
        indexed by role once the article is read (their roles do not change after)."""
        if self._role_holders is None:
            self._role_holders = {}
            for i, actor in self.mentions:
                if actor.kind == "person" and actor.role:
                    self._role_holders.setdefault(actor.role, []).append((i, actor))
        holders = self._role_holders.get(role, [])
        n = bisect_left(holders, token_index, key=_token_index)
        return holders[n - 1][1] if n else None

    def mentions_before(self, token_index: int) -> Iterator[tuple[int, Actor]]:
        """(token index, actor) of the named mentions before a token, nearest first; the
        mentions are in text order, so the search starts where the token is."""
        end = bisect_left(self.mentions, token_index, key=_token_index)
        return (self.mentions[n] for n in range(end - 1, -1, -1))

    def mentions_between(self, start: int, end: int) -> list[tuple[int, Actor]]:
        """(token index, actor) of the named mentions in tokens [start, end), in order."""
        first = bisect_left(self.mentions, start, key=_token_index)
        last = bisect_left(self.mentions, end, key=_token_index)
        return self.mentions[first:max(first, last)]


def _token_index(indexed: tuple[int, Actor]) -> int:
    return indexed[0]


def _token_index_of_list(indexed: tuple[int, list[Actor]]) -> int:
    return indexed[0]


def _nearest_first(indexed: list[tuple[int, Actor]], token_index: int) -> Iterator[Actor]:
    """The actors of (token index, actor) pairs that come before a token, nearest first."""
    return (a for i, a in reversed(indexed) if i < token_index)

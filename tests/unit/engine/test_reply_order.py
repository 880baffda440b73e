"""Replies are shuffled per attempt and node, the same way every time for one attempt."""

from __future__ import annotations

from ehr_sim.engine.dialogue import reply_order
from ehr_sim.packs.schema import Choice

CHOICES = [Choice(id=f"reply_{n}", say=f"Reply number {n}.", next="end") for n in range(4)]


def ids(seed: int, node: str = "hello") -> list[str]:
    return [c.id for c in reply_order(CHOICES, seed, "dana_calls", node)]


def test_the_order_is_a_permutation_and_the_same_for_the_same_attempt_and_node() -> None:
    assert sorted(ids(7)) == [c.id for c in CHOICES]
    assert ids(7) == ids(7)


def test_different_attempts_and_nodes_see_different_orders_and_the_first_reply_moves() -> None:
    orders = {tuple(ids(seed)) for seed in range(20)}
    assert len(orders) > 5
    assert {order[0] for order in orders} == {c.id for c in CHOICES}
    assert any(ids(seed, "hello") != ids(seed, "goodbye") for seed in range(5))

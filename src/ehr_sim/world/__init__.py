"""Seeded fake clinic generator: providers, payers, patients and their visits."""

from ehr_sim.world.generator import WorldSpec, build_world

__all__ = ["WorldSpec", "build_world"]

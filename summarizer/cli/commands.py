"""Registers every command group on the root app (one import per group module)."""

from __future__ import annotations

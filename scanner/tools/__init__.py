"""Wrappers around external programs; the only place that runs them."""

from __future__ import annotations

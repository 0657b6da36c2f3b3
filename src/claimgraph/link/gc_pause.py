"""Linking allocates millions of short-lived sets and tuples and no reference cycles; CPython's cyclic
garbage collector would still walk every live claim and feature each time its older generations fill,
work that grows with the store rather than with the claims at hand. The linking steps run with the
collector paused (reference counting still frees everything) and restore it as they found it."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` with the cyclic collector off; nested calls leave it to the outermost one."""
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()
    return wrapper

"""The linking steps pause the cyclic collector and leave it as they found it."""

import gc

import pytest

from claimgraph.link.gc_pause import gc_paused


@gc_paused
def _state() -> bool:
    return gc.isenabled()


@gc_paused
def _fail() -> None:
    raise ValueError("boom")


def test_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    assert _state() is False
    assert gc.isenabled()


def test_restored_after_an_error() -> None:
    with pytest.raises(ValueError):
        _fail()
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        assert _state() is False
        assert not gc.isenabled()
    finally:
        gc.enable()

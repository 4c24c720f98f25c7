"""Tests of emulator.geo: WGS-84 to GCJ-02."""

from __future__ import annotations

import math

import pytest

from emulator.geo import in_china, wgs84_to_gcj02


@pytest.mark.parametrize(
    ("wgs", "gcj"),
    [
        ((39.908692, 116.397477), (39.910095, 116.403721)),  # Tiananmen, Beijing
    ],
)
def test_known_points(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    """A known WGS-84 point converts to its published GCJ-02 position."""
    lat, lon = wgs84_to_gcj02(*wgs)
    assert lat == pytest.approx(gcj[0], abs=2e-6)
    assert lon == pytest.approx(gcj[1], abs=2e-6)


@pytest.mark.parametrize(
    "point",
    [(48.8584, 2.2945), (35.6812, 139.7671), (-33.8568, 151.2153), (40.6892, -74.0445)],
)
def test_outside_china_unchanged(point: tuple[float, float]) -> None:
    """Outside China a position is left as it is (Paris, Tokyo, Sydney, New York)."""
    assert wgs84_to_gcj02(*point) == point


def test_shift_size_in_china() -> None:
    """Inside China the shift is a few hundred metres, as on real maps."""
    wgs = (30.259244, 120.130383)  # West Lake, Hangzhou
    lat, lon = wgs84_to_gcj02(*wgs)
    metres = math.hypot(
        (lat - wgs[0]) * 111_000, (lon - wgs[1]) * 111_000 * math.cos(math.radians(wgs[0]))
    )
    assert 100 < metres < 1000


def test_in_china() -> None:
    """Mainland cities are in China; places abroad and out of range are not."""
    assert in_china(30.26, 120.13)
    assert in_china(43.82, 87.62)  # Urumqi
    assert not in_china(48.86, 2.29)
    assert not in_china(95.0, 120.0)

"""The suite's slow modules build their runs once, on one worker, through
``xdist_group`` and ``--dist loadgroup`` (``make test``). pytest-xdist marks a
grouped test by appending ``@group`` to its node id; pytest 9.2 made node ids
read-only to plugins, so the groups were silently ignored and every module-level
run was built once per worker. This test fails if that happens again."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("grouping-check")
def test_grouped_tests_carry_their_group_to_the_scheduler(request):
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by pytest-xdist with --dist loadgroup (make test does)")
    assert request.node.nodeid.endswith("@grouping-check"), request.node.nodeid

"""Shared fixtures, after Flask's tutorial: app, client, runner, plus the atlas, a scratch copy
of the content for broken-content tests, and a small atlas for the export of the whole site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from webapp.paths import ROOT
from webapp import create_app
from webapp.content.loader import load_atlas

from .small_atlas import write_small_atlas

DATA = ROOT / "data"

# Tests that share an expensive fixture or cache run on one worker (pytest-xdist), named by the
# start of their node ids; every other test is dealt out on its own. xdist's `--dist loadgroup`
# would say this with marks, but under pytest 9.2 it no longer sees them (pytest-xdist#1386).
SAME_WORKER = {
    "tests/test_export.py::": "export", "tests/browser/test_export.py::": "export",  # one export of the small atlas
    "tests/browser/test_session_print.py::": "handout-heights",  # each trigger point's handout measured once
    "tests/test_offline.py::": "precache", "tests/browser/test_offline.py::": "precache",  # the whole precache
    "tests/browser/test_install.py::": "precache",  # rendered once into the session app's response cache
    "tests/browser/test_lod.py::test_every_target_is_24_px_on_a_synthetic": "synthetic-atlas",  # grown and
    "tests/browser/test_lod.py::test_zooming_further_opens_a_second_level": "synthetic-atlas",  # served once
    "tests/test_lod.py::": "grown-atlases",  # the 5x and 10x atlases grown once
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist load` (what `-n` implies) with the SAME_WORKER tests kept together."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SameWorkerScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((group for start, group in SAME_WORKER.items() if nodeid.startswith(start)), nodeid)

    return SameWorkerScheduling(config, log)


@pytest.fixture(scope="session")
def atlas():
    return load_atlas(DATA)


@pytest.fixture(scope="session")
def app():
    """One app per test process; the browser tests' server serves it too. Its response cache holds
    every state the service worker precaches (production keeps 64 MB a worker), so the tests
    that precache the whole content render each page once, not once per test."""
    return create_app({"TESTING": True, "RESPONSE_CACHE_BYTES": 1024 * 1024 * 1024})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


@pytest.fixture()
def content(tmp_path) -> Path:
    """A scratch copy of data/ that a test may break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


@pytest.fixture(scope="session")
def small_data(tmp_path_factory) -> Path:
    """A data dir of a few of today's muscles with every region, view and condition (small_atlas.py)."""
    return write_small_atlas(DATA, tmp_path_factory.mktemp("small") / "data")


@pytest.fixture(scope="session")
def small_atlas(small_data):
    return load_atlas(small_data)


@pytest.fixture(scope="session")
def export_data(tmp_path_factory, small_data) -> Path:
    """The content the export's tests export: the small atlas, or with ``EXPORT_TEST_FACTOR=5``
    today's content grown five times (bench/synthetic.py), to run them on the size the export's
    limits are set for (README, "Static export")."""
    from bench.synthetic import grow_atlas

    if factor := int(os.environ.get("EXPORT_TEST_FACTOR", "0")):
        return grow_atlas(DATA, tmp_path_factory.mktemp("grown") / "data", factor)
    return small_data


@pytest.fixture(scope="session")
def exported_atlas(export_data):
    """The atlas the export's tests export (see ``export_data``)."""
    return load_atlas(export_data)


@pytest.fixture(scope="session")
def exported_site(tmp_path_factory, export_data) -> Path:
    """The whole site written by the export command once per session: every kind of page and link
    the export writes, without a render of each of today's states."""
    from webapp.commands.export import export_site

    out = tmp_path_factory.mktemp("export") / "site"
    export_site(create_app({"TESTING": True, "DATA_DIR": str(export_data)}), out)
    return out

"""Shared fixtures, after Flask's tutorial: app, client, runner, plus the atlas, a scratch copy
of the content for broken-content tests, and a small atlas for the export of the whole site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from webapp.paths import ROOT
from webapp import create_app
from webapp.content.loader import load_atlas

from .small_atlas import write_small_atlas

DATA = ROOT / "data"


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
def exported_site(tmp_path_factory, small_data) -> Path:
    """The whole site of the small atlas written by the export command once per session: every
    kind of page and link the export writes, without a render of each of today's states."""
    from webapp.commands.export import export_site

    out = tmp_path_factory.mktemp("export") / "site"
    export_site(create_app({"TESTING": True, "DATA_DIR": str(small_data)}), out)
    return out

"""Shared fixtures, after Flask's tutorial: app, client, runner, plus the atlas and a
scratch copy of the content for broken-content tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from webapp.paths import ROOT
from webapp import create_app
from webapp.content.loader import load_atlas

DATA = ROOT / "data"


@pytest.fixture(scope="session")
def atlas():
    return load_atlas(DATA)


@pytest.fixture(scope="session")
def app():
    return create_app({"TESTING": True})


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
def exported_site(tmp_path_factory) -> Path:
    """The whole site written by the export command once per session (about a minute and a half)."""
    from webapp.commands.export import export_site

    out = tmp_path_factory.mktemp("export") / "site"
    export_site(create_app({"TESTING": True}), out)
    return out

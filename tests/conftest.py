"""Shared fixtures, after Flask's tutorial: app, client, runner, plus the atlas and a
scratch copy of the content for broken-content tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

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


# The first atlas: the lumbopelvic, hip and thigh muscles. The export's tests crawl an atlas of
# these alone (every state of it, in seconds); bench/offline_export.py measures the whole one.
EXPORT_MUSCLES = (
    "adductor-longus-brevis", "adductor-magnus", "biceps-femoris", "coccygeus", "gluteus-maximus", "gluteus-medius",
    "gluteus-minimus", "iliocostalis-lumborum", "iliocostalis-thoracis", "iliopsoas", "levator-ani",
    "longissimus-thoracis", "multifidi", "obturator-internus", "pectineus", "piriformis", "quadratus-lumborum",
    "rectus-abdominis", "rectus-femoris", "semitendinosus-semimembranosus", "soleus", "tensor-fasciae-latae",
    "vastus-lateralis",
)


@pytest.fixture(scope="session")
def export_app(tmp_path_factory):
    """The app on a copy of data/ holding only EXPORT_MUSCLES (an associated muscle left out keeps
    its name and reason, without the link)."""
    copy = tmp_path_factory.mktemp("export-content") / "data"
    shutil.copytree(DATA, copy, ignore=lambda folder, names: [
        n for n in names if Path(folder).name == "muscles" and n.endswith(".yaml") and n[:-5] not in EXPORT_MUSCLES])
    for path in (copy / "muscles").glob("*.yaml"):
        muscle = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for other in muscle.get("associated", []):
            if other.get("muscle") not in (None, *EXPORT_MUSCLES):
                del other["muscle"]
        path.write_text(yaml.dump(muscle, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return create_app({"TESTING": True, "DATA_DIR": str(copy)})


@pytest.fixture(scope="session")
def exported_site(tmp_path_factory, export_app) -> Path:
    """The site of export_app written by the export command once per session."""
    from webapp.commands.export import export_site

    out = tmp_path_factory.mktemp("export") / "site"
    export_site(export_app, out)
    return out

"""Installable and offline: the web app manifest and the service worker (``/sw.js``).

The worker precaches the app shell (every asset, the muscle index, the sources, the indexes the
search, the pain drawing and the session handout need, each view's figure and zone shapes) and
the content as a few bundles (``offline_bundles.py``): one per view and audience (clinician,
client) with every map state the map links to, one with every muscle and condition page. Pages
come from the network when there is one and are cached as they are visited; without a network
the worker answers from that cache, else writes the page from its bundle. The cache is named by a hash of the assets and the content
files, so a new release replaces it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, current_app, jsonify, url_for

from ..queries.state import DEFAULT_SIDE, find
from . import offline_bundles
from .response_cache import cached

bp = Blueprint("offline", __name__)


@bp.get("/manifest.webmanifest")
@cached()
def manifest():
    """The web app manifest: install the map like an app."""
    response = jsonify(
        name="Trigger point referral map", short_name="Referral map", start_url="/", scope="/",
        display="standalone", background_color="#ffffff", theme_color="#8c1d18",
        description="Trigger point referral zones, pain-region lookup and differentials.",
        icons=[{"src": url_for("static", filename="favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
               {"src": url_for("static", filename="icons/icon.svg"), "sizes": "any", "type": "image/svg+xml",
                "purpose": "maskable"}],
    )
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
@cached()
def service_worker():
    """The service worker, with this release's version and what it precaches."""
    version, urls = precache()
    source = (Path(current_app.root_path).parent / "static" / "js" / "service-worker.js").read_text(encoding="utf-8")
    body = (f"const VERSION = {json.dumps(version)};\nconst PRECACHE = {json.dumps(urls)};\n"
            f"const OFFLINE = {json.dumps(bundles())};\n\n{source}")
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def release_version() -> str:
    """A hash of every asset and every content file: it changes when anything shown changes."""
    digest = hashlib.sha256()
    for asset in sorted(current_app.extensions["assets"].values(), key=lambda a: a.path):
        digest.update(f"{asset.path}:{asset.digest}\n".encode())
    data = Path(current_app.config["DATA_DIR"])
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data).as_posix().encode() + b"\n" + path.read_bytes())
    return digest.hexdigest()[:16]


def precache() -> tuple[str, list[str]]:
    cache = current_app.extensions.setdefault("cache", {})
    if "precache" not in cache:
        cache["precache"] = (release_version(), precache_urls())
    return cache["precache"]


def bundles() -> dict:
    """Where the worker finds a page offline: each view's bundle of map states (``map``, and
    ``client`` for the client's view), the bundle of muscle and condition pages, and the defaults
    the map's addresses leave out."""
    atlas = current_app.extensions["atlas"]
    return {"map": {v: url_for("offline.map_bundle", view_id=v, audience="clinician") for v in atlas.views},
            "client": {v: url_for("offline.map_bundle", view_id=v, audience="client") for v in atlas.views},
            "pages": url_for("offline.pages_bundle"),
            "defaults": {"view": atlas.default_view, "side": DEFAULT_SIDE.value, "audience": "clinician", "both": "0"}}


def precache_urls() -> list[str]:
    """The shell and the bundles the worker fetches at install."""
    atlas = current_app.extensions["atlas"]
    urls = [url_for("static", filename=a.path) for a in current_app.extensions["assets"].values()
            if not a.path.endswith("service-worker.js")]
    urls += [url_for("pages.muscles"), url_for("pages.sources"), url_for("api.referral_index"),
             url_for("api.search_index"), url_for("offline.manifest")]
    # the session handout works offline: its page and the whole-atlas files it writes itself from
    urls += [url_for("pages.session_handout"), url_for("api.handout_index")]
    views = sorted(atlas.views.values(), key=lambda v: v.file.order)
    urls += [url_for("pages.figure_svg", view=v.id, both=1, audience="client", frame="body") for v in views]
    urls += [url_for("api.zone_shapes", view_id=v.id, side=s) for v in views for s in ("left", "right")]
    where = bundles()
    urls += [*where["map"].values(), *where["client"].values(), where["pages"]]
    return list(dict.fromkeys(urls))


@bp.get("/offline/map/<view_id>.json", defaults={"audience": "clinician"})
@bp.get("/offline/map/client/<view_id>.json", defaults={"audience": "client"})
@cached()
def map_bundle(view_id: str, audience: str):
    """Every map state of a view the map links to, in the clinician's view or the client's, as its
    page: what the worker answers with offline (see ``offline_bundles.py``)."""
    atlas = current_app.extensions["atlas"]
    find(atlas.views, "view", view_id)
    return _bundle_response(offline_bundles.map_bundle(atlas, view_id, audience))


@bp.get("/offline/pages.json")
@cached()
def pages_bundle():
    """Every muscle and condition page: what the worker answers with offline."""
    return _bundle_response(offline_bundles.pages_bundle(current_app.extensions["atlas"]))


def _bundle_response(bundle: offline_bundles.Bundle):
    body = json.dumps(bundle.as_json(), separators=(",", ":"), ensure_ascii=False)
    return current_app.response_class(body, mimetype="application/json")

"""Installable and offline: the web app manifest and the service worker (``/sw.js``).

The worker precaches the app shell and the content: every asset, each view's map on both sides
with every trigger point selected from it, every muscle and condition page, the sources and the
indexes the pain drawing and the search need. Other states are cached as they are visited. The
cache is named by a hash of the assets and the content files, so a new release replaces it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from flask import Blueprint, current_app, jsonify, url_for

from ..drawing.shapes import drawn_side
from ..queries.state import MapState, href
from .response_cache import cached

bp = Blueprint("offline", __name__)
MAP_LINK = re.compile(r'<a [^>]*class="trigger-point[^"]*"[^>]*href="([^"]+)"')
# a cluster of crowded markers: its close-up draws them (webapp/drawing/lod.py)
CLUSTER_LINK = re.compile(r'<a [^>]*class="tp-cluster"[^>]*href="([^"]+)"')


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
    body = f"const VERSION = {json.dumps(version)};\nconst PRECACHE = {json.dumps(urls)};\n\n{source}"
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


def precache_urls() -> list[str]:
    """The shell and the content the worker fetches at install."""
    atlas = current_app.extensions["atlas"]
    urls = [url_for("static", filename=a.path) for a in current_app.extensions["assets"].values()
            if not a.path.endswith("service-worker.js")]
    urls += ["/", url_for("pages.muscles"), url_for("pages.sources"), url_for("api.referral_index"),
             url_for("api.search_index"), url_for("offline.manifest")]
    # the session handout works offline: its page and the whole-atlas files it writes itself from
    urls += [url_for("pages.session_handout"), url_for("api.handout_index")]
    views = sorted(atlas.views.values(), key=lambda v: v.file.order)
    urls += [url_for("pages.figure_svg", view=v.id, both=1, audience="client", frame="body") for v in views]
    urls += [url_for("api.zone_shapes", view_id=v.id, side=s) for v in views for s in ("left", "right")]
    urls += [url_for("pages.muscle", muscle_id=m) for m in atlas.muscles]
    urls += [url_for("pages.condition", condition_id=c) for c in atlas.conditions]
    client = current_app.test_client()
    for view in atlas.views:
        for side in ("left", "right"):
            page = href(MapState(view=view).with_side(side_of(side)), atlas, url_for("pages.index"))
            urls.append(page)
            body = client.get(page).get_data(as_text=True)
            urls += [link.replace("&amp;", "&") for link in MAP_LINK.findall(body)]
            closeups = [link.replace("&amp;", "&") for link in CLUSTER_LINK.findall(body)]
            while closeups:  # a crowded close-up opens deeper ones: every level, to the markers
                closeup = closeups.pop(0)
                urls.append(closeup)
                inside = client.get(closeup).get_data(as_text=True)
                urls += [link.replace("&amp;", "&") for link in MAP_LINK.findall(inside)]
                closeups += [link.replace("&amp;", "&") for link in CLUSTER_LINK.findall(inside)]
            drawn = drawn_side(atlas.views[view], side_of(side)).value  # as the page names them
            urls.append(url_for("api.zone_shapes", view_id=view, side=drawn))
    return list(dict.fromkeys(urls))


def side_of(name: str):
    from ..content.model import Side

    return Side(name)

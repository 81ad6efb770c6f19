"""The referral body map: a Flask app over a validated atlas of trigger-point referrals."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from .content.loader import load_atlas
from .paths import ROOT


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app; refuses to start (raises ContentError) on broken content, except in
    authoring mode (``REFERRAL_MAP_DEV=1`` or debug), which reloads content as it changes."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=None,  # served from memory under hashed URLs (delivery.py)
    )
    app.config.from_mapping(
        DATA_DIR=os.environ.get("REFERRAL_MAP_DATA_DIR", str(ROOT / "data")),
        SVG_DIR=str(ROOT / "static" / "svg"),
        HSTS=os.environ.get("REFERRAL_MAP_HSTS", "") == "1",
        RESPONSE_CACHE_BYTES=int(os.environ.get("REFERRAL_MAP_CACHE_BYTES", 64 * 1024 * 1024)),  # a worker
        TEMPLATE_CACHE_DIR=os.environ.get("REFERRAL_MAP_TEMPLATE_CACHE"),  # compiled templates (templating.py)
        CONTENT_RELOAD=os.environ.get("REFERRAL_MAP_DEV", "") == "1",  # authoring: see live_content.py
        STATIC_EXPORT=False,  # set by `flask export` while it renders (webapp/commands/export.py)
    )
    if test_config:
        app.config.from_mapping(test_config)

    # '/api/x//y' answers 404 from the API's own error handler, not an HTML redirect to '/api/x/y'
    app.url_map.merge_slashes = False
    app.json.sort_keys = False  # keep fields in the order the content files give them
    from . import commands
    from .web import api, delivery, errors, health, live_content, offline, pages, security, templating

    if app.config["CONTENT_RELOAD"] or app.debug:
        live_content.register(app)  # before delivery's hooks: a change drops the kept answers first
    else:
        app.extensions["atlas"] = load_atlas(app.config["DATA_DIR"])

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(offline.bp)
    delivery.register(app, ROOT / "static")
    errors.register(app)
    security.register(app)
    commands.register(app)
    templating.register(app)
    return app

"""``GET /healthz``: the process is up and its atlas is loaded (for load balancers and probes)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 with what the loaded atlas holds; the app never starts on broken content."""
    data = current_app.extensions["atlas"]
    response = jsonify(status="ok", atlas={
        "loaded": True, "muscles": len(data.muscles), "trigger_points": len(data.trigger_points),
        "regions": len(data.regions), "conditions": len(data.conditions), "sources": len(data.sources),
        "views": len(data.views),
    })
    response.headers["Cache-Control"] = "no-store"
    return response

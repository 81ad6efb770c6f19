"""Jinja filters and helpers: formatting only, no decisions."""

from __future__ import annotations

from flask import Flask, url_for

from ..content.model import URGENCY_LABELS, Voiced, clinical, plain


def suggestion_url(kind: str, value: str) -> str:
    """Where a 'did you mean' suggestion for an unknown id leads."""
    if kind == "muscle":
        return url_for("pages.muscle", muscle_id=value)
    if kind == "trigger point":
        return url_for("pages.trigger_point", tp_id=value)
    if kind == "region":
        return url_for("pages.region", region_id=value)
    return url_for("pages.index", **{kind: value})


def register(app: Flask) -> None:
    app.jinja_env.filters["clinical"] = clinical
    app.jinja_env.filters["plain"] = plain
    app.jinja_env.tests["voiced"] = lambda value: isinstance(value, Voiced)
    app.jinja_env.globals["suggestion_url"] = suggestion_url
    app.jinja_env.filters["urgency_label"] = URGENCY_LABELS.__getitem__
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

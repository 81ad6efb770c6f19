"""Jinja's setup: filters and helpers (formatting only, no decisions), and the cache of compiled
templates."""

from __future__ import annotations

import hashlib
import pickle

import jinja2
from flask import Flask, current_app, url_for
from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

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


def static_export() -> bool:
    """Whether the page is rendered for a static export: repeated blocks then live on one page
    (a condition's, a muscle's) and the export's scripts bring them in (static/js/export-page.js)."""
    return bool(current_app.config["STATIC_EXPORT"])


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates on disk, so that a start (or a new worker) loads
    them instead of compiling them again: a third of the first page's time at three times
    today's content. Jinja keys each by its template and checks its source, so a changed
    template compiles afresh. A cache it cannot read or write is no cache, not an error."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):  # unreadable or cut short
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_cache(env: Environment, directory: str | None) -> CompiledTemplates | None:
    """The cache in `directory` ("" for none; None: Jinja's own folder for this user in the
    system's temporary directory, which it checks is the user's alone). Jinja keys a compiled
    template by its name and source only, so the file names also carry what else the code was
    compiled from: Jinja's version and the environment's syntax settings."""
    if directory == "":
        return None
    compiled_from = repr((jinja2.__version__, env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline,
                          env.newline_sequence, env.block_start_string, env.variable_start_string,
                          env.comment_start_string, env.line_statement_prefix, env.optimized,
                          sorted(env.extensions)))
    pattern = f"referral-map-{hashlib.sha256(compiled_from.encode()).hexdigest()[:12]}-%s.cache"
    try:
        return CompiledTemplates(directory, pattern)
    except (RuntimeError, OSError):  # no safe default folder here
        return None


def register(app: Flask) -> None:
    app.jinja_env.globals["static_export"] = static_export
    app.jinja_env.filters["clinical"] = clinical
    app.jinja_env.filters["plain"] = plain
    app.jinja_env.tests["voiced"] = lambda value: isinstance(value, Voiced)
    app.jinja_env.globals["suggestion_url"] = suggestion_url
    app.jinja_env.filters["urgency_label"] = URGENCY_LABELS.__getitem__
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.bytecode_cache = template_cache(app.jinja_env, app.config["TEMPLATE_CACHE_DIR"])

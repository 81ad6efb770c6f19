"""Compiled templates kept on disk between starts (webapp/web/templating.py: CompiledTemplates)."""

from __future__ import annotations

import pytest

from webapp import create_app
from webapp.web.templating import template_cache


def _boom(*args, **kwargs):
    raise AssertionError("a template was compiled again")


def test_a_second_start_loads_the_compiled_templates_instead_of_compiling_them(tmp_path):
    first = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": str(tmp_path)})
    page = first.test_client().get("/?tp=piriformis-trp1")
    assert page.status_code == 200
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept and all(name.startswith("referral-map-") for name in kept)

    second = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": str(tmp_path)})
    second.jinja_env.compile = _boom  # what a template's first use calls without the cache
    again = second.test_client().get("/?tp=piriformis-trp1")
    assert again.status_code == 200 and again.data == page.data
    assert sorted(p.name for p in tmp_path.iterdir()) == kept


def test_templates_compiled_with_other_syntax_settings_are_kept_apart(tmp_path):
    app = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": str(tmp_path)})
    ours = app.jinja_env.bytecode_cache.pattern
    other = app.jinja_env.overlay(trim_blocks=False)
    assert template_cache(other, str(tmp_path)).pattern != ours
    assert template_cache(app.jinja_env, str(tmp_path)).pattern == ours


@pytest.mark.parametrize("where", ["a-file/cache", "missing/deeper"])
def test_a_cache_folder_that_cannot_be_written_is_no_cache_not_an_error(tmp_path, where):
    (tmp_path / "a-file").write_text("not a folder")
    app = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": str(tmp_path / where)})
    client = app.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/muscles/piriformis").status_code == 200


def test_an_empty_setting_turns_the_cache_off():
    app = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": ""})
    assert app.jinja_env.bytecode_cache is None
    assert app.test_client().get("/").status_code == 200


def test_a_damaged_cache_file_is_compiled_again(tmp_path):
    first = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": str(tmp_path)})
    page = first.test_client().get("/muscles/piriformis").data
    for kept in tmp_path.iterdir():
        kept.write_bytes(kept.read_bytes()[:40])  # cut short after Jinja's header
    second = create_app({"TESTING": True, "TEMPLATE_CACHE_DIR": str(tmp_path)})
    assert second.test_client().get("/muscles/piriformis").data == page

"""`flask --app webapp build-svg` writes every view, or nothing: old files survive a failure."""

from __future__ import annotations

import pytest

from webapp import create_app
from webapp.commands import cli


@pytest.fixture()
def svg_dir(tmp_path):
    """An SVG folder holding yesterday's files."""
    out = tmp_path / "svg"
    out.mkdir()
    for view in ("posterior", "anterior", "lateral"):
        (out / f"{view}.svg").write_text(f"<svg>old {view}</svg>\n", encoding="utf-8")
    return out


def build(svg_dir):
    app = create_app({"TESTING": True, "SVG_DIR": str(svg_dir)})
    return app.test_cli_runner().invoke(args=["build-svg"])


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_build_svg_writes_every_view_and_no_temporaries(svg_dir, atlas):
    result = build(svg_dir)
    assert result.exit_code == 0, result.output
    assert sorted(snapshot(svg_dir)) == sorted(f"{v}.svg" for v in atlas.views)
    assert all(text.startswith(b"<svg") and not text.startswith(b"<svg>old") for text in snapshot(svg_dir).values())
    assert result.output.count("wrote ") == len(atlas.views)


def test_a_view_that_fails_to_render_leaves_the_old_files_intact(svg_dir, monkeypatch):
    real, calls = cli.render_map, []

    def fail_on_the_second_view(atlas, state, *args, **kwargs):
        calls.append(state.view)
        if len(calls) == 2:
            raise RuntimeError(f"cannot draw {state.view}")
        return real(atlas, state, *args, **kwargs)

    monkeypatch.setattr(cli, "render_map", fail_on_the_second_view)
    before = snapshot(svg_dir)
    result = build(svg_dir)
    assert len(calls) == 2 and result.exit_code == 1
    assert f"RuntimeError: cannot draw {calls[1]}; no file in {svg_dir} was changed" in result.output
    assert snapshot(svg_dir) == before  # the same names, the same bytes: no temporaries left either


def test_a_write_that_fails_midway_leaves_the_old_files_intact(svg_dir, monkeypatch):
    import tempfile

    real, made = tempfile.mkstemp, []

    def disk_full_on_the_second_file(*args, **kwargs):
        if len(made) == 1:
            raise OSError(28, "No space left on device")
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(tempfile, "mkstemp", disk_full_on_the_second_file)
    before = snapshot(svg_dir)
    result = build(svg_dir)
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert len(made) == 1 and snapshot(svg_dir) == before

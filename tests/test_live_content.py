"""Authoring mode: a dev app reloads content as it changes and shows broken content's problems
on every page; a production app refuses to start on it."""

from __future__ import annotations

import os
import time

import pytest
from bs4 import BeautifulSoup

from webapp import create_app
from webapp.content.reader import ContentError

MUSCLE = "muscles/piriformis.yaml"
BROKEN = ("essential: [sacroiliac-joint,", "essential: [sacroiliac-jiont,")


def dev_app(content):
    return create_app({"TESTING": True, "DATA_DIR": str(content), "CONTENT_RELOAD": True})


def edit(content, old, new):
    """Change the muscle file (and its time, so a fast test cannot land in the same tick)."""
    path = content / MUSCLE
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    later = time.time() + 2
    os.utime(path, (later, later))


def problems_on(response) -> list[str]:
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [li.get_text(" ", strip=True) for li in page.select("ol.problems li")]


def test_a_production_app_refuses_broken_content(content):
    edit(content, *BROKEN)
    with pytest.raises(ContentError, match="unknown region 'sacroiliac-jiont'"):
        create_app({"TESTING": True, "DATA_DIR": str(content)})


def test_a_dev_app_on_broken_content_serves_the_problems_on_every_page(content):
    edit(content, *BROKEN)
    client = dev_app(content).test_client()
    for url in ("/", "/muscles/piriformis", "/no-such-page"):
        response = client.get(url)
        assert response.status_code == 500
        problems = problems_on(response)
        assert len(problems) == 1
        assert problems[0].startswith("data/muscles/piriformis.yaml : trigger_points[")
        assert "unknown region 'sacroiliac-jiont' (did you mean 'sacroiliac-joint'?)" in problems[0]
    api = client.get("/api/muscles")
    assert api.status_code == 500 and api.mimetype == "application/problem+json"
    assert "unknown region 'sacroiliac-jiont'" in api.get_json()["problems"][0]
    assert client.get("/static/css/app.css").status_code == 200  # the page keeps its style


def test_the_problem_page_escapes_what_the_content_says(content):
    edit(content, "id: piriformis", "id: <script>alert(1)</script>")
    body = dev_app(content).test_client().get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_fixing_the_file_makes_the_next_request_work_and_an_edit_shows_at_once(content):
    client = dev_app(content).test_client()
    assert client.get("/muscles/piriformis").status_code == 200
    edit(content, *BROKEN)
    assert client.get("/muscles/piriformis").status_code == 500
    edit(content, BROKEN[1], BROKEN[0])
    assert client.get("/muscles/piriformis").status_code == 200
    edit(content, "name: Piriformis", "name: Piriformis edited")
    page = BeautifulSoup(client.get("/muscles/piriformis").get_data(as_text=True), "html.parser")
    assert "Piriformis edited" in page.find("h1").get_text()  # not the kept answer from before

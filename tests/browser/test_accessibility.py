"""axe-core finds no violations on any page or state; screenshots of each for review."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

PAGES = {
    "map-default": "/",
    "map-trp1-left": "/?tp=gluteus-medius-trp1&side=left",
    "map-region-sacrum": "/?region=sacrum",
    "map-anterior": "/?view=anterior",
    "map-lateral-trp3": "/?view=lateral&tp=gluteus-medius-trp3",
    "muscles": "/muscles/",
    "muscle-gluteus-medius": "/muscles/gluteus-medius",
    "sources": "/sources",
    "not-found": "/?tp=gluteus-medius-trp9",
    "search-results": "/search?q=QL",
    "condition-red-flag": "/conditions/cauda-equina-syndrome",
    "client-region": "/?audience=client&region=left-greater-trochanter",
    "both-sides-lateral": "/?view=lateral&both=1&tp=tensor-fasciae-latae-trp1",
}


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations_and_no_console_errors(page: Page, console_errors, shoot, name):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(PAGES[name])
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    shoot(name, full_page=name.startswith(("muscle", "sources", "search", "condition")))
    expected = ["Failed to load resource: the server responded with a status of 404 (NOT FOUND)"] \
        if name == "not-found" else []
    assert console_errors == expected

"""Installable: Chromium itself says the web app can be installed (manifest, icons, worker)."""

from __future__ import annotations

import pytest

# one worker renders every precached state once (the session app keeps them) for all three
pytestmark = pytest.mark.xdist_group("precache")


def test_chromium_finds_nothing_that_stops_installing_the_app(playwright, browser_type_launch_args, base_url,
                                                              precached, tmp_path):
    # a persistent profile: Chromium never offers to install from an incognito-like context
    context = playwright.chromium.launch_persistent_context(str(tmp_path / "profile"), **browser_type_launch_args)
    try:
        page = context.new_page()
        page.goto(base_url + "/")
        assert page.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [] and manifest["url"].endswith("/manifest.webmanifest")
        assert {i["type"] for i in manifest["manifest"]["icons"]} == {"image/svg+xml"}
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()

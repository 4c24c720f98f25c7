from playwright.sync_api import expect


def test_page_shows_location_set_from_python(ddemu, ddemu_page):
    """The README's example: a location set from Python shows in the app."""
    ddemu.device.location.set(31.230416, 121.473701)
    ddemu_page.click("#locate")
    expect(ddemu_page.locator("#location")).to_have_text("31.230416, 121.473701")

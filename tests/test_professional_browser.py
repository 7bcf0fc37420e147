"""The console in Chromium: the caller's own number is never ticked as the fraudster's, and the
"already paid" key turns a "do not act on it yet" headline into "treat this as a scam"."""

from __future__ import annotations

import pytest
from test_web_browser import ARTIFACTS, CHROMIUM, browser, log_in_with_the_keyboard, server  # noqa: F401

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent")


def test_alt_p_turns_the_headline_and_the_callers_own_number_is_not_ticked(server, browser):  # noqa: F811
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in_with_the_keyboard(page, server)
    page.locator("#account").focus()
    page.keyboard.type("有人自称快递客服，问我要不要退款")
    expect(page.locator("#verdict")).to_contain_text("请先别照做")
    page.keyboard.press("Alt+KeyP")
    expect(page.locator("#verdict")).to_contain_text("按诈骗处理")
    expect(page.locator("#verdict")).not_to_contain_text("请先别照做")

    page.locator("#account").fill("")
    page.locator("#account").focus()
    page.keyboard.type(
        "来电人说，我叫吴海燕，手机13622220011。对方自称京东客服用17033334444打来，让她在借呗借了1万转到对方账户6222033300004444555"
    )
    expect(page.locator("#callers-own")).to_be_visible()
    ticked = page.locator("#found-idents input.ident:checked")
    expect(ticked.first).to_be_visible()
    values = [ticked.nth(i).input_value() for i in range(ticked.count())]
    assert not [v for v in values if "13622220011" in v], values
    assert any("17033334444" in v for v in values) and any("6222033300004444555" in v for v in values), values
    assert not [v for v in values if v.startswith("app")], values
    page.screenshot(path=str(ARTIFACTS / "callers-own-number.png"))
    assert errors == []
    context.close()

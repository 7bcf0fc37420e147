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


def _save_with_alt_s(page) -> str:
    page.keyboard.press("Alt+KeyS")
    link = page.locator("#saved-link")
    link.wait_for()
    return link.get_attribute("href")


@pytest.mark.parametrize(
    "account, region, police, foreign",
    [
        (
            "Caller's dad got a call from 0113 496 0555, a man from 'his bank' fraud team. He read them the code "
            "from his bank text and they took £2,400.",
            "the UK",
            "Action Fraud",
            ("96110", "中国大陆", "mainland China"),
        ),
        (
            "我阿爺今日收到 +86 171 2345 6789 打嚟，話係順豐嘅客服，佢已經過咗兩萬蚊去對方戶口 012-888-12345678，仲未收線。",
            "香港",
            "18222",
            ("96110", "中國大陸", "中国大陆"),
        ),
    ],
    ids=["uk-reopened", "hk-fraudster-on-86"],
)
def test_the_help_lines_follow_the_caller_on_the_sheet_and_in_the_reopened_case(
    server,  # noqa: F811
    browser,  # noqa: F811
    account,
    region,
    police,
    foreign,
):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in_with_the_keyboard(page, server)
    page.locator("#account").fill(account)
    page.locator("#account").press("Control+Enter")
    expect(page.locator("#region-for")).to_contain_text(region)
    page.keyboard.press("Alt+KeyP")
    expect(page.locator("#steps")).to_contain_text(police)
    for word in foreign:
        expect(page.locator("#sheet")).not_to_contain_text(word)
        expect(page.locator("#checklist")).not_to_contain_text(word)
    page.locator("#consent").check()
    url = _save_with_alt_s(page)

    # Reopened: the redacted account has lost the number; the case kept its region.
    page.goto(f"{server}{url}")
    expect(page.locator("#region-for")).to_contain_text(region)
    expect(page.locator("#steps")).to_contain_text(police)
    for word in foreign:
        expect(page.locator("#checklist")).not_to_contain_text(word)
        expect(page.locator("#sheet")).not_to_contain_text(word)
    page.screenshot(path=str(ARTIFACTS / f"reopened-{police.replace(' ', '-')}.png"), full_page=True)
    assert errors == []
    context.close()

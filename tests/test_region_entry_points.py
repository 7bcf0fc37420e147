"""A region typed anywhere means the same region: every known region × every way of writing it ×
every entry point (global --region, CALLCHECK_REGION, `number check --region`, `check --region`,
`alert send --region`, `trends --region`, the chat's /region). And each region's own police and
anti-fraud lines, the ones the replies tell people to call, are recognised when checked.

Everything is generated from knowledge/regions.yml: a region, alias or contact added there is tested.
"""

from __future__ import annotations

import json
import re

import phonenumbers
import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.conversation.emergency import RegionChoice, find_region, police_text, region_lines
from bot.names import UnknownRegion, name_key, resolve_region
from bot.services.roles import cli_actor
from knowledge import load_knowledge

KB = load_knowledge()
REGIONS = list(KB.regions.values())
ME = cli_actor()


def spellings(region) -> list[str]:
    """Every way a person may write the region: its code, names and aliases, in any case, with
    stray spaces, dots (U.K.) and hyphens (hong-kong)."""
    out: set[str] = set()
    for name in {region.id, region.names.en, region.names.en.removeprefix("the "), region.names.zh, *region.aliases}:
        out |= {name, name.upper(), name.lower(), name.title(), f"  {name} "}
        if " " in name and not name.startswith("the "):
            out |= {name.replace(" ", ""), name.replace(" ", "-"), name.upper().replace(" ", "  ")}
        if name.isascii() and name.isalpha() and len(name) <= 3:
            out.add(".".join(name.upper()) + ".")  # U.K., U.S.A.
    return sorted(out)


MATRIX = [(r.id, s) for r in REGIONS for s in spellings(r)]


def _few(region) -> list[str]:
    """One spelling of each kind: the code in lower case, the English name spaced oddly, the Chinese
    name, and every alias as typed in capitals."""
    return sorted(
        {region.id.lower(), f" {region.names.en.upper()} ", region.names.zh, *(a.upper() for a in region.aliases)}
    )


# The CLI entry points, each a process start in real use: one spelling of each kind per region (every
# spelling goes through the same resolver, tested above and through the chat below).
FEW = [(r.id, t) for r in REGIONS for t in _few(r)]


def test_the_uk_is_known_as_uk_and_gb():
    # The README and people say UK; the phone library only knows GB.
    assert {"UK", "uk", "U.K.", "gb", "United Kingdom"} <= set(spellings(KB.regions["GB"]))


@pytest.mark.parametrize(("code", "typed"), MATRIX)
def test_every_spelling_resolves_in_the_one_resolver(code, typed):
    assert resolve_region(KB, typed).id == code
    assert find_region(KB, typed).id == code  # the chat's and `check --region`'s entry point


@pytest.mark.parametrize("typed", ["Narnia", "XX", "", "  ", "U.K.K.", "hong kongg kong"])
def test_an_unknown_region_is_refused_with_the_choices(typed):
    with pytest.raises(UnknownRegion) as err:
        resolve_region(KB, typed)
    assert all(f"{r.id} (" in str(err.value) for r in REGIONS)


def _national_example(code: str) -> str:
    """A mobile number of the region written as its people do, without the country code."""
    example = phonenumbers.example_number_for_type(code, phonenumbers.PhoneNumberType.MOBILE)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", ME)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(main, list(args), catch_exceptions=False, **kw)


@pytest.mark.parametrize(("code", "typed"), FEW)
def test_every_spelling_reads_numbers_in_that_region(run, monkeypatch, code, typed):
    national = _national_example(code)
    for args in (
        ("--region", typed, "number", "check", "--json", national),
        ("number", "check", "--json", "--region", typed, national),
    ):
        result = run(*args)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert phonenumbers.region_code_for_number(phonenumbers.parse(data["number"])) == code, (args, data)
    monkeypatch.setenv("CALLCHECK_REGION", typed)
    data = json.loads(run("number", "check", "--json", national).stdout)
    assert phonenumbers.region_code_for_number(phonenumbers.parse(data["number"])) == code


@pytest.mark.parametrize(("code", "typed"), FEW)
def test_check_alert_and_trends_take_the_same_spellings(run, code, typed):
    region = KB.regions[code]
    checked = run("check", "--lang", "en", "--region", typed, "A caller said my parcel is held at customs")
    assert checked.exit_code == 0 and region.names.en in checked.output, checked.output
    draft = run("alert", "send", "--region", typed, "--text", "Scam calls about parcels today.", "--dry-run")
    assert draft.exit_code == 0, draft.output
    assert re.search(rf"Alert \(dry run, not kept\) for .* \({code}\)", draft.output), draft.output
    trends = run("trends", "--json", "--region", typed)
    assert trends.exit_code == 0 and json.loads(trends.stdout)["region"] == code, trends.output


@pytest.mark.parametrize("typed", ["Narnia", "ZZ-Nowhere!"])
def test_unknown_regions_are_clear_at_every_cli_entry_point(run, typed):
    for args in (
        ("--region", typed, "number", "check", "13800138000"),
        ("number", "check", "--region", typed, "13800138000"),
        ("check", "--region", typed, "hello"),
    ):
        result = run(*args)
        assert result.exit_code == 2 and "unknown region" in result.output and "GB (the UK" in result.output, args


# -- the chat ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    """One chat service for the module (a chat id per test): what differs is what each person types."""
    from bot.app import App, Settings
    from bot.conversation.engine import Incoming

    app = App(Settings(db_path=tmp_path_factory.mktemp("chat") / "chat.db"))

    def say(chat_id: str, command: str, args: str = "", lang: str = "en-gb") -> str:
        msg = Incoming("command", command=command, args=args, now=1.0, lang_hint=lang)
        return "\n".join(r.text for r in app.conversations.handle(chat_id, "u1", msg, "terminal"))

    yield say
    app.close()


@pytest.mark.parametrize(("code", "typed"), MATRIX)
def test_chat_region_command_takes_every_spelling(chat, code, typed):
    reply = chat(f"c-{code}-{name_key(typed)}", "region", typed)
    region = KB.regions[code]
    assert region.names.en in reply and all(c.number in reply for c in region.contacts if c.number), reply


# -- the regions' own lines ----------------------------------------------------------------------


def _listed_lines():
    """(region, contact) for every number the replies give as that region's help line."""
    for r in REGIONS:
        shown = "\n".join(region_lines(RegionChoice(r, "setting"), "en"))
        for c in r.contacts:
            if c.number:
                assert c.number in shown  # the same data the replies use
                yield r.id, c.number


LINES = list(_listed_lines())


@pytest.mark.parametrize(("code", "number"), LINES)
def test_each_regions_hotline_is_recognised_as_its_official_line(run, code, number):
    region = KB.regions[code]
    for args in (
        ("--region", code, "number", "check", "--json", number),
        ("number", "check", "--json", "--region", region.names.en, number),
    ):
        data = json.loads(run(*args).stdout)
        assert data["official"], data  # a region's line, or an organisation's that is also it (110 in CN)
        said = " ".join(s["text"] for s in data["signals"])
        assert f"This is {region.names.en}'s official" in said, said
    text = run("--region", code, "number", "check", "--lang", "zh", number).stdout
    assert f"这是{region.names.zh}的官方" in text
    # written with the country code, it is recognised whatever region is set
    p = phonenumbers.parse(number, code)
    if phonenumbers.is_valid_number(p) and len(re.sub(r"\D", "", number)) > 6:
        e164 = phonenumbers.format_number(p, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        data = json.loads(run("number", "check", "--json", e164).stdout)
        assert data["official"] and f"This is {region.names.en}'s official" in str(data["signals"]), data


@pytest.mark.parametrize(("code", "number"), LINES)
def test_chat_check_of_a_hotline_says_it_is_official(chat, code, number):
    chat_id = f"h-{code}-{number}"
    chat(chat_id, "region", code)
    reply = chat(chat_id, "check", number)
    assert f"This is {KB.regions[code].names.en}'s official" in reply and "not an official number" not in reply, reply


# -- /official -----------------------------------------------------------------------------------


def _orgs():
    """One organisation of each country, and one of mainland China asked about from everywhere."""
    seen = {}
    for org in KB.organisations.values():
        if org.category != "anti_fraud" and org.country and org.country not in seen:
            seen[org.country] = org
    return list(seen.values())


@pytest.mark.parametrize("code", [r.id for r in REGIONS])
@pytest.mark.parametrize("org", [o.id for o in _orgs()])
def test_official_gives_the_persons_regions_lines(chat, code, org):
    region = KB.regions[code]
    chat_id = f"o-{code}-{org}"
    chat(chat_id, "region", code)
    reply = chat(chat_id, "official", KB.organisations[org].names.en)
    last = reply.strip().splitlines()[-1]
    assert region.names.en in last, last
    assert police_text(region, "en") in last, last  # the lines every other reply gives for the region
    if code != "CN":
        assert "96110" not in reply and "mainland China" not in last, reply

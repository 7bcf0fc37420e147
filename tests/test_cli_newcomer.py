"""What a newcomer meets at the terminal: `number check` reads a number in its own country's terms
and answers in the locale's language, pieces of a number typed without quotes are one number,
alerts preview without a bot token, every refusal says how to get the role, and a scam type is
typed by name anywhere one is asked for.

Generated from the knowledge (regions, scripts) and the permission table, not from a list of cases.
"""

from __future__ import annotations

import json
import re
import shlex

import phonenumbers
import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.names import UnknownScript, name_key, resolve_script, script_index
from bot.services.roles import GRANTABLE, PERMISSIONS, cli_actor
from knowledge import load_knowledge

KB = load_knowledge()
ME = cli_actor()
REGIONS = [r.id for r in KB.regions.values()]


@pytest.fixture
def run(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "CALLCHECK_REGION", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    runner = CliRunner()
    return lambda *args, **kw: runner.invoke(main, list(args), catch_exceptions=False, **kw)


def _international(code: str) -> str:
    example = phonenumbers.example_number_for_type(code, phonenumbers.PhoneNumberType.MOBILE)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _signals(data: dict) -> dict[str, str]:
    return {s["id"]: s["text"] for s in data["signals"]}


# -- number check: whose terms, which language ---------------------------------------------------


@pytest.mark.parametrize("code", REGIONS)
def test_a_number_with_its_country_code_is_read_in_that_countrys_terms(run, monkeypatch, code):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    number = _international(code)
    data = json.loads(run("number", "check", "--json", number).stdout)
    assert "international" not in _signals(data), data  # not "foreign" to mainland China by default
    other = REGIONS[(REGIONS.index(code) + 1) % len(REGIONS)]
    told = json.loads(run("number", "check", "--json", "--region", other, number).stdout)
    assert KB.regions[other].names.en in _signals(told).get("international", ""), told  # foreign to *that* region
    told = json.loads(run("--region", other, "number", "check", "--json", number).stdout)
    assert "international" in _signals(told), told


HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("locale", ["en_GB.UTF-8", "fr_FR.UTF-8", "ms_MY"])
@pytest.mark.parametrize("code", REGIONS)
def test_a_non_chinese_locale_gets_english(run, monkeypatch, locale, code):
    monkeypatch.setenv("LANG", locale)
    out = run("number", "check", _international(code)).stdout
    assert "This is a" in out and not HAN.search(out.split("Registered to")[0]), out
    assert "这是" in run("number", "check", "--lang", "zh", _international(code)).stdout  # --lang wins


@pytest.mark.parametrize("locale", ["zh_CN.UTF-8", "zh_TW.UTF-8", "zh_HK.UTF-8"])
@pytest.mark.parametrize("code", REGIONS)
def test_a_chinese_locale_gets_chinese(run, monkeypatch, locale, code):
    monkeypatch.setenv("LANG", locale)
    assert "  - 这是" in run("number", "check", _international(code)).stdout
    assert "This is a" in run("number", "check", "--lang", "en", _international(code)).stdout


@pytest.mark.parametrize("code", REGIONS)
def test_without_a_locale_the_numbers_region_decides(run, code):
    out = run("number", "check", _international(code)).stdout
    chinese = KB.regions[code].languages[0].startswith("zh")  # the region's first language: CN, TW, HK, MO
    assert ("  - 这是" in out) == chinese and ("This is a" in out) != chinese, out


def _pieces(code: str) -> list[list[str]]:
    """A number as a person types it unquoted: the country code apart, then every group apart."""
    written = _international(code)
    head, _, rest = written.partition(" ")
    return [[head, rest.replace(" ", "")], written.split()]


@pytest.mark.parametrize("code", REGIONS)
def test_pieces_of_one_number_are_read_as_one(run, code):
    want = phonenumbers.format_number(phonenumbers.parse(_international(code)), phonenumbers.PhoneNumberFormat.E164)
    for pieces in _pieces(code):
        result = run("number", "check", "--json", *pieces)
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r.get("number") for r in rows] == [want], (pieces, rows)
        assert "as one number" in result.stderr and "quote" in result.stderr
    # two whole numbers stay two
    both = run("number", "check", "--json", _international(code).replace(" ", ""), "+8613800138000").stdout
    assert len(both.splitlines()) == 2


# -- alerts without a bot token --------------------------------------------------------------------

SCRIPT_NAMES = [(sid, name) for sid, s in KB.scripts.items() for name in (sid, s.names.zh, s.names.en)]


def _parts():
    """Parts of a script's names only that script has (理赔 for 冒充客服退款/理赔诈骗): typed alone."""
    _, parts = script_index(KB)
    return sorted((next(iter(ids)), part) for part, ids in parts.items() if len(ids) == 1)


NAMES = SCRIPT_NAMES + _parts()


def test_the_script_names_people_type_include_parts():
    assert ("refund_compensation", name_key("理赔")) in _parts()


@pytest.mark.parametrize(("sid", "name"), NAMES)
def test_every_script_name_resolves(sid, name):
    assert resolve_script(KB, name) == sid


def _one_each() -> list[tuple[str, str]]:
    """For the slower CLI runs: every script once, the kinds of name taken in turn (id, Chinese name,
    English name, a part of a name), so every kind is typed for many scripts."""
    by_script: dict[str, list[str]] = {}
    for sid, name in NAMES:
        by_script.setdefault(sid, []).append(name)
    return [(sid, names[k % len(names)]) for k, (sid, names) in enumerate(sorted(by_script.items()))]


@pytest.mark.parametrize(("sid", "name"), [*_one_each(), ("refund_compensation", "理赔")])
def test_alert_preview_and_dry_run_need_no_token(run, monkeypatch, sid, name):
    monkeypatch.setenv("CALLCHECK_ADMINS", ME)
    monkeypatch.setenv("CALLCHECK_QUIET_HOURS", "off")  # the same answer at any hour of the day
    result = run("alert", "send", "--region", "深圳", "--script", name, "--lang", "en", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "TELEGRAM_BOT_TOKEN" not in result.output and "no draft was kept" in result.output
    assert KB.scripts[sid].names.en in result.output  # the preview of that scam type
    assert "Dry run" in result.output and "nobody yet" in result.output


def test_alert_without_a_token_previews_then_says_what_sending_needs(run, monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", ME)
    monkeypatch.setenv("CALLCHECK_QUIET_HOURS", "off")  # (in Shenzhen's night the alert is scheduled, not sent)
    result = run("alert", "send", "--region", "Shenzhen", "--script", "理赔", "--yes")
    assert result.exit_code == 1
    preview, _, refusal = result.output.partition("Error:")
    assert "Alert 1 for Shenzhen" in preview and "TELEGRAM_BOT_TOKEN is not set" in refusal
    assert "alert send --draft 1" in refusal  # the draft is kept for when the token is there
    assert "draft" in run("alert", "list").output


# -- scam names through one resolver ---------------------------------------------------------------


@pytest.mark.parametrize(("sid", "name"), [*_one_each(), ("refund_compensation", "理赔")])
def test_number_report_takes_script_names(run, sid, name):
    result = run("number", "report", "+44 7700 900123", "--script", name)
    assert result.exit_code == 0, result.output
    exported = run("number", "export", "--format", "jsonl").stdout
    assert json.loads(exported.splitlines()[0])["scripts"] == [sid]


@pytest.mark.parametrize("word", ["nope", "诈骗", "scam", "refnd compensation"])
def test_an_unknown_script_is_refused_with_the_choices(run, word):
    with pytest.raises(UnknownScript):
        resolve_script(KB, word)
    result = run("number", "report", "+44 7700 900123", "--script", word)
    assert result.exit_code == 2 and all(sid in result.output for sid in KB.scripts), result.output


def _misspelt(name: str, i: int) -> str:
    """One letter of a scam type's name dropped, swapped with the next or doubled (i picks which)."""
    at = 1 + i % max(1, len(name) - 2)
    return [
        name[:at] + name[at + 1 :],
        name[:at] + name[at + 1 : at + 2] + name[at] + name[at + 2 :],
        name[:at] + name[at] + name[at:],
    ][i % 3]


@pytest.mark.parametrize("sid", sorted(KB.scripts))
def test_a_misspelt_scam_type_gets_that_type_among_its_suggestions(sid):
    word = _misspelt(KB.scripts[sid].names.en.lower(), len(sid))
    try:
        found = resolve_script(KB, word)
    except UnknownScript as exc:
        assert sid in exc.close, (word, exc.close)
    else:
        assert found == sid


@pytest.mark.parametrize("word", ["amazon", "nonsense", "hello world", "banana"])
def test_a_word_like_no_scam_type_gets_no_far_fetched_suggestion(word):
    with pytest.raises(UnknownScript) as exc:
        resolve_script(KB, word)
    assert exc.value.close == []


# -- every refusal says how to get the role --------------------------------------------------------


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
@pytest.mark.parametrize("who", ["cli:someone", "tg:4242", "op:alice"])
def test_every_refusal_names_the_next_step(tmp_path, action, who):
    from bot.app import App, Settings
    from bot.services.roles import NotAllowed

    app = App(Settings(db_path=tmp_path / "r.db", admins=("cli:boss",)))
    with pytest.raises(NotAllowed) as refused:
        app.roles.authorize(who, action)
    message = str(refused.value)
    roles = PERMISSIONS[action] & set(GRANTABLE)
    if roles:
        granted = re.search(r"`(callcheck role grant [^`]+)`", message)
        assert granted and granted.group(1).split()[4] in roles, message
        assert re.search(r"`/grant [^`]+`", message), message
        # the command it names works: run by an admin, the action is then allowed
        args = shlex.split(granted.group(1))[3:]
        member, role = args[0], args[1]
        app.roles.grant("cli:boss", member, role, name="Officer A", unit="Unit 1")
        app.roles.authorize(who, action)
    else:
        assert f"CALLCHECK_ADMINS={who}" in message, message
    app.close()


def test_review_list_without_a_role_says_which_command_grants_it(run, monkeypatch):
    monkeypatch.setenv("CALLCHECK_ADMINS", "")
    result = run("review", "list")
    assert result.exit_code == 1 and f"callcheck role grant {ME} volunteer" in result.output, result.output
    monkeypatch.setenv("CALLCHECK_ADMINS", ME)
    assert run(*shlex.split(f"role grant {ME} volunteer")).exit_code == 0
    monkeypatch.setenv("CALLCHECK_ADMINS", "")
    assert run("review", "list").exit_code == 0

"""The hotline console's knowledge and logic: call guides per stage, the checklist, redacted summaries."""

from __future__ import annotations

import shutil

import pytest

from bot.services.hotline import call_sheet, case_summary, find_organisation, paid_checklist, redact_case
from knowledge import KnowledgeError, default_root, load_knowledge


def test_every_shipped_script_has_a_guide_for_every_stage(kb):
    for script in kb.scripts.values():
        for stage in script.stages:
            guide = script.guide_for(stage.id)
            assert guide is not None, f"{script.file}: call_guide.{stage.id} is missing"
            assert guide.ask and all(q.zh and q.en for q in guide.ask)
    assert kb.opening and kb.paid_checklist and kb.paid_checklist.first


@pytest.fixture
def kb_copy(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(default_root(), root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def problems_after(root, path: str, old: str, new: str) -> str:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(root)
    return str(exc.value)


def test_a_guide_for_a_stage_the_script_lacks_is_reported(kb_copy):
    msg = problems_after(kb_copy, "scripts/fake_cod.yml", "\n  courier:\n    ask:", "\n  courierr:\n    ask:")
    assert "scripts/fake_cod.yml" in msg and "call_guide.courierr" in msg and "write one of: courier" in msg


def test_a_guide_without_questions_is_reported(kb_copy):
    msg = problems_after(kb_copy, "scripts/fake_cod.yml", "\n  courier:\n    ask:", "\n  courier:\n    asks:")
    assert "call_guide.courier" in msg and "did you mean 'ask'" in msg


def test_a_broken_checklist_is_reported(kb_copy):
    msg = problems_after(kb_copy, "hotline.yml", "  - id: loan\n", "  - id: Loan Money\n")
    assert "hotline.yml" in msg and "already_paid.given[1].id" in msg


@pytest.mark.parametrize(
    ("text", "script", "stage"),
    [
        ("我是淘宝客服", "refund_compensation", "impersonation"),
        ("我是淘宝客服，你买的面膜有质量问题，给你三倍赔偿", "refund_compensation", "pretext"),
        ("我是淘宝客服，面膜有质量问题，三倍赔偿，理赔要开通备用金", "refund_compensation", "claim_process"),
        ("Amazon support says my Prime renews today unless I install AnyDesk", "remote_screen_share", "share"),
        ("你的订单卡单了，需要激活订单", "order_anomaly", "pretext"),
    ],
)
def test_the_sheet_follows_the_script_and_stage(analyzer, kb, text, script, stage):
    sheet = call_sheet(analyzer.analyze(text), kb)
    assert sheet["script"]["id"] == script and sheet["stage"]["id"] == stage
    guide = kb.scripts[script].guide_for(stage)
    lang = sheet["lang"]
    assert sheet["ask"] == [q.get(lang) for q in guide.ask]
    assert [s.get(lang) for s in guide.say] == sheet["say"][: len(guide.say)]
    assert all(text[e["start"] : e["end"]] for e in sheet["evidence"])


def test_before_any_script_the_opening_questions(analyzer, kb):
    sheet = call_sheet(analyzer.analyze("你好，我想问一下"), kb, "en")
    assert sheet["script"] is None and sheet["ask"] == [q.en for q in kb.opening]


def test_the_caller_language_can_be_chosen(analyzer, kb):
    sheet = call_sheet(analyzer.analyze("我是淘宝客服，给你三倍赔偿"), kb, "en")
    assert sheet["lang"] == "en" and sheet["script"]["name"] == kb.scripts["refund_compensation"].names.en


def test_checklist_sections_follow_what_was_given(kb):
    cl = paid_checklist(kb, ["screen", "no_such", "money"], "zh")
    assert [s["id"] for s in cl["sections"]] == ["first", "money", "screen", "then"]
    assert cl["sections"][0]["steps"][0] == kb.paid_checklist.first[0].zh
    assert {o["id"] for o in cl["options"]} >= {"money", "loan", "code", "card", "screen"}


@pytest.mark.parametrize(
    ("text", "names", "gone", "kept"),
    [
        ("我叫王小明，电话13800138000", (), ["王小明", "13800138000"], ["我叫[name]"]),
        ("张先生说对方自称淘宝客服", (), ["张先生"], ["[name]先生", "淘宝客服"]),
        ("我是淘宝客服，卡号6222021234567890123", (), ["6222021234567890123"], ["我是淘宝客服"]),
        ("李华华的妈妈接到电话", ("李华华",), ["李华华"], ["[name]的妈妈"]),
        ("My name is John Smith, mail john@example.org", (), ["John", "john@example.org"], ["[name]", "[email]"]),
    ],
)
def test_redaction_of_case_text(text, names, gone, kept):
    out = redact_case(text, names)
    assert all(g not in out for g in gone), out
    assert all(k in out for k in kept), out


def test_case_summary_masks_numbers(analyzer, kb):
    sheet = call_sheet(
        analyzer.analyze("自称支付宝客服的人用13800138000打给我，说理赔款打到备用金里了让我借出来转回去"), kb
    )
    summary = case_summary(sheet, paid_checklist(kb, ["loan"], "zh"), "zh")
    assert "13800138000" not in summary and "话术" in summary and "已给出" in summary


def test_find_organisation_by_name_or_alias(kb):
    assert find_organisation(kb, "支付宝").id == "alipay"
    assert find_organisation(kb, "Alipay").id == "alipay"
    assert find_organisation(kb, "") is None and find_organisation(kb, "no such org") is None


@pytest.mark.parametrize("org", [None, "sf_express", "alipay"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_genuine_match_is_told_with_its_names_never_as_a_template(kb, analyzer, org, lang):
    """Every genuine process, with and without an organisation named (a bank's alert often names
    none): the console's headline and the chat's first line are filled in."""
    import dataclasses

    from bot.conversation.report import compose_report
    from nlu.analyzer import Mention

    base = analyzer.analyze("顺丰：您的快件已放入丰巢柜，请凭取件码取件")
    for process in [*kb.processes, None]:
        analysis = dataclasses.replace(
            base,
            verdict="matches_genuine",
            genuine=process.id if process else None,
            org=Mention(org, 0, 2, id=org) if org else None,
        )
        head = call_sheet(analysis, kb, lang)["verdict_text"]
        first = compose_report(analysis, kb, lang).splitlines()[0]
        for said in (head, first):
            assert "{" not in said and "}" not in said, said
            assert (kb.organisations[org].names.get(lang) if org else "") in said

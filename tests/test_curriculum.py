"""The standard as data: counts, ids, exact texts, mapping to notebooks and assignments."""

import re
from pathlib import Path

import pytest

from autograder.notebook import NOTEBOOK_NAME
from nmt_lab import curriculum

STANDARD = Path(__file__).resolve().parents[2] / "shared/standard/skill-standard-560003.txt"


def test_counts():
    assert len(curriculum.tasks()) == 30
    assert [len(curriculum.tasks(lv)) for lv in "BIA"] == [9, 12, 9]
    assert [len(curriculum.requirements(level=lv)) for lv in "BIA"] == [46, 63, 50]
    assert len({t.area_id for t in curriculum.tasks()}) == 10
    assert len(curriculum.glossary()) == 19


@pytest.mark.parametrize(
    "req_id, text",
    [
        ("B-1.1.1", "能理解平台规则，在腾讯系、阿里系、百度系、头条系等主流新媒体平台注册和认证企业账号，"
                    "设置账号基本信息。"),
        ("B-3.1.3", "能利用微信指数、百度指数、头条指数、微指数等数据平台，分析传播热度和趋势。"),
        ("B-3.3.2", "能根据关注或入群用户数、取关或退群用户数等，计算用户转化率，初步分析用户转化情况。"),
        ("I-2.1.2", "能根据内容运营目标和内容主题，策划内容，制定内容排期规划表，进行人员分工和任务分配。"),
        ("I-4.1.3", "能针对内容运营结果与预期目标之间的偏差，分析原因，总结经验 and 不足，提出内容优化建议。"),
        ("A-2.2.7", "具备问题解决能力。"),
        ("A-3.3.6", "具备质量管理能力、精益管理能力。"),
    ],
)
def test_spot_texts(req_id, text):
    assert curriculum.requirement(req_id).text == text


def test_ids_kinds_and_order():
    for t in curriculum.tasks():
        assert re.fullmatch(r"[BIA]-\d\.\d", t.id)
        for i, r in enumerate(curriculum.requirements(t.id), start=1):
            assert r.id == f"{t.id}.{i}"
            assert r.kind == ("ability" if r.text.startswith("能") else "attitude")
            assert r.text.startswith(("能", "具备")) and r.text.endswith("。")


@pytest.mark.skipif(not STANDARD.exists(), reason="the standard's text ships beside the repo only")
def test_every_text_is_verbatim_in_the_standard():
    flat = re.sub(r"\s|</?p>|工作领域|工作任务|职业技能要求", "", STANDARD.read_text("utf-8"))
    for r in curriculum.requirements():
        number = r.id.split("-")[1]
        assert number + re.sub(r"\s", "", r.text) in flat, r.id


def test_notebook_paths_and_assignments():
    for t in curriculum.tasks():
        folder, name = t.notebook.split("/")[1:]
        assert folder == {"B": "beginner", "I": "intermediate", "A": "advanced"}[t.level]
        m = NOTEBOOK_NAME.match(name)
        assert m, name
        assert f"{m['level']}-{m['area']}.{m['task']}" == t.id
        assert t.assignment == f"{m['level']}{m['area']}"
    assert len(curriculum.assignments()) == 10


def test_notebook_lookup_and_errors():
    path = curriculum.notebook("B-3.1")
    assert [r.id for r in curriculum.notebook_requirements(path)] == [
        f"B-3.1.{i}" for i in range(1, 6)
    ]
    with pytest.raises(ValueError, match='工作任务 "B-9.9" 不存在；可用的工作任务有：B-1.1'):
        curriculum.task("B-9.9")
    with pytest.raises(ValueError, match="等级"):
        curriculum.tasks("X")

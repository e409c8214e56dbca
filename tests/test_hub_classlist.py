"""Class lists as teachers export them, and the Chinese messages for the ones that cannot be used."""

from __future__ import annotations

import pytest

from nmt_hub import classlist
from nmt_hub.__main__ import main


def _write(tmp_path, text: str, encoding: str = "utf-8"):
    p = tmp_path / "名单.csv"
    p.write_bytes(text.encode(encoding))
    return p


def test_excel_exports_in_utf8_bom_and_gbk(tmp_path):
    for enc in ("utf-8-sig", "gbk"):
        p = _write(tmp_path, "姓名,学号,班级\r\n王小明,2023001,营销1班\r\n李华,2023002,营销1班\r\n\r\n", enc)
        got = classlist.load(p)
        assert [(s.student_id, s.name, s.username) for s in got] == [
            ("2023001", "王小明", "s2023001"), ("2023002", "李华", "s2023002")]


def test_every_problem_is_listed_with_its_line(tmp_path):
    p = _write(tmp_path, "学号,姓名\n2023001,王小明\n2023001,李华\n20 23,张三\n,赵六\n2023009,\nA/1,钱七\n")
    with pytest.raises(classlist.ClassListError) as e:
        classlist.load(p)
    msg = str(e.value)
    assert "有 5 处问题" in msg
    assert '第 3 行：学号 "2023001" 重复（第 2 行已有）' in msg
    assert '第 4 行：学号 "20 23" 格式不对' in msg and '第 7 行：学号 "A/1" 格式不对' in msg
    assert "第 5 行：没有学号" in msg and "第 6 行：学号 2023009 没有姓名" in msg


def test_ids_that_differ_only_in_case_are_duplicates(tmp_path):
    p = _write(tmp_path, "学号,姓名\nZJ01,王小明\nzj01,李华\n")
    with pytest.raises(classlist.ClassListError, match="重复"):
        classlist.load(p)


def test_header_empty_file_and_instructor_name(tmp_path):
    with pytest.raises(classlist.ClassListError, match="表头"):
        classlist.load(_write(tmp_path, "编号,名字\n1,王\n"))
    with pytest.raises(classlist.ClassListError, match="是空的"):
        classlist.load(_write(tmp_path, "\n\n"))
    with pytest.raises(classlist.ClassListError, match="没有学生"):
        classlist.load(_write(tmp_path, "学号,姓名\n"))
    with pytest.raises(classlist.ClassListError, match="与教师账户重名"):
        classlist.load(_write(tmp_path, "学号,姓名\nteacher,王\n"), prefix="", reserved=("teacher",))
    with pytest.raises(classlist.ClassListError, match="找不到班级名单"):
        classlist.load(tmp_path / "nope.csv")


def test_the_sample_class_list_loads():
    from nmt_hub.__main__ import SAMPLE_CLASSLIST
    assert len(classlist.load(SAMPLE_CLASSLIST)) == 3


def test_start_reports_a_bad_class_list_in_chinese(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("nmt_hub.room.require_root", lambda: None)
    p = _write(tmp_path, "学号,姓名\n1,王\n1,李\n")
    assert main(["--state", str(tmp_path / "state"), "start", "--classlist", str(p), "--prepare-only"]) == 2
    assert "重复" in capsys.readouterr().err
    assert not (tmp_path / "state" / "hub.json").exists()


def test_instructor_commands_need_a_hub_state(tmp_path, capsys):
    assert main(["--state", str(tmp_path), "collect", "B3"]) == 2
    assert "不是机房 JupyterHub 的状态目录" in capsys.readouterr().err

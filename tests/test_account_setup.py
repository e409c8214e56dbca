"""Account setup simulator (nmt_lab.account_setup): form validation, images, masked archive,
homepage menu, rule changes, and the two panels' logic without a browser."""

import re

import pytest

import nmt_lab as nmt
from nmt_lab import account_setup as S
from nmt_lab import platform_rules as pr


@pytest.fixture
def logos(tmp_path):
    return {
        "square": S.make_logo(tmp_path / "logo.png", 600),
        "wide": S.make_logo(tmp_path / "wide.png", 1200, 500),
        "small": S.make_logo(tmp_path / "small.png", 120),
        "raw": S.make_logo(tmp_path / "raw.bmp", 1200),
    }


def good_form(platform, avatar):
    return S.blank_form(platform, name="溪山冷泡茶", bio="杭州原叶冷泡茶，分享门店新品、冷泡小知识和会员活动。",
                        avatar=str(avatar), category=S.CATEGORY_OPTIONS[platform][0], operator="苏晴",
                        contact_phone="13800001299", contact_email="coldbrew@xishan-tea.example")


# ---------------------------------------------------------------- rules and forms

def test_setup_rules_extend_the_dataset_and_are_a_fresh_copy():
    t = S.setup_rules()
    assert set(nmt.load("platform_rules")["rule_id"]) <= set(t["rule_id"])
    assert {"腾讯系", "阿里系", "百度系", "头条系"} <= set(t[t["platform"].isin(S.SETUP_PLATFORMS)]["platform_family"])
    for platform in S.SETUP_PLATFORMS:
        assert {"name", "avatar"} <= set(t[t["platform"] == platform]["field"]) or platform == "微信公众号"
    t.loc[:, "value"] = "0"
    assert S.setup_rules()["value"].ne("0").all()


@pytest.mark.parametrize("platform", S.SETUP_PLATFORMS)
def test_a_good_form_passes_on_every_setup_platform(platform, logos):
    assert S.validate_form(good_form(platform, logos["square"])) == []


def test_wechat_counts_a_hanzi_as_two_characters():
    assert S.check_names("微信公众号", ["溪山冷泡茶ColdBrew"])["长度"].item() == 18
    assert S.check_names("百家号", ["溪山冷泡茶ColdBrew"])["长度"].item() == 13


def test_each_kind_of_problem_is_found_and_explained_in_chinese(logos):
    form = S.blank_form("微信公众号", name="溪山冷泡茶·官方", bio="杭州最好喝的冷泡茶！电话 13800001299",
                        avatar=str(logos["wide"]), category="奶茶", operator="苏晴", contact_phone="1380000129",
                        contact_email="coldbrew-at-xishan")
    kinds = {p.rule_type for p in S.validate_form(form)}
    assert kinds == {"charset", "wording", "contact", "ratio", "category", "format"}
    text = S.explain(S.validate_form(form))
    assert "微信公众号·名称" in text and "最好喝" in text and "1:1" in text and "餐饮/茶饮" in text


def test_a_misspelt_field_is_named_instead_of_ignored(logos):
    form = good_form("百家号", logos["square"])
    assert S.validate_form(form) == []
    form["nmae"] = form.pop("name")
    messages = [p.message for p in S.validate_form(form)]
    assert any("“nmae”" in m and "拼错" in m for m in messages)
    assert any("名称：还没有填写" in m for m in messages)


def test_required_fields_and_missing_avatar_file(tmp_path):
    problems = S.validate_form(S.blank_form("头条号", avatar=str(tmp_path / "none.png")))
    assert {p.field for p in problems if p.rule_type == "required"} == set(S.REQUIRED) - {"avatar"}
    assert any(p.rule_type == "file" for p in problems)


def test_avatar_pixels_and_file_size(logos):
    small = S.validate_form(S.blank_form("头条号", avatar=str(logos["small"])), required=())
    assert {p.rule_type for p in small} == {"width_px", "height_px"}
    raw = S.validate_form(S.blank_form("微信公众号", avatar=str(logos["raw"])), required=())
    assert [p.rule_type for p in raw] == ["max_size_kb"]
    assert S.image_info(logos["raw"])["size_kb"] > 2048


def test_baijiahao_forbids_several_words_in_the_name():
    table = S.check_names("百家号", ["溪山冷泡茶官方", "百度溪山", "溪山冷泡茶"])
    assert table["通过"].tolist() == [False, False, True]
    assert "官方" in table.loc[0, "问题"]


def test_forbidden_rule_with_one_word_behaves_as_before():
    t = S.add_rule(S.setup_rules(), "小红书", "title", "forbidden", "私信", "测试", "2026-01-01")
    [p] = pr.check_text("小红书", "title", "有问题请私信", table=t)
    assert p.rule_type == "forbidden" and "不得包含“私信”" in p.message


def test_bad_input_names_the_value_and_the_choices():
    with pytest.raises(ValueError, match="快手"):
        S.blank_form("快手")
    with pytest.raises(ValueError, match="表单字段"):
        S.blank_form("抖音", nickname="x")
    with pytest.raises(TypeError, match="字典"):
        S.validate_form(["抖音"])


# ---------------------------------------------------------------- archive and masking

def test_masking():
    assert S.mask_phone("13800001201") == "138****1201"
    assert S.mask_email("bilibili@xishan-tea.example") == "b***@xishan-tea.example"
    assert S.mask_id("33010619900307123X") == "330106********123X"
    assert S.mask_phone(float("nan")) == ""


def test_archive_has_every_account_and_the_new_forms(logos):
    accounts = nmt.load("accounts")
    archive = S.archive_table(accounts, forms=[good_form("百家号", logos["square"])], archived_on="2026-01-05")
    assert list(archive.columns) == S.ARCHIVE_COLUMNS
    assert archive["账号ID"].tolist() == accounts["account_id"].tolist() + ["N01"]
    assert archive.loc[archive["账号ID"] == "A06", "认证状态"].item() == "未认证"
    assert len(S.find_personal_data(archive)) == 2 * len(archive)


def test_write_archive_refuses_raw_data_and_writes_a_masked_file_and_a_note(tmp_path):
    raw = S.archive_table(nmt.load("accounts"))
    with pytest.raises(ValueError, match="未打码"):
        S.write_archive(raw, tmp_path / "a.csv")
    path = S.write_archive(S.mask_archive(raw), tmp_path / "out" / "档案.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    text = path.read_text("utf-8-sig")
    assert not re.search(r"1[3-9]\d{9}", text)
    assert all(email not in text for email in nmt.load("accounts")["contact_email"])
    back = S.read_archive(path)
    assert list(back.columns) == S.ARCHIVE_COLUMNS and len(back) == 12
    note = (tmp_path / "out" / "档案_交接说明.md").read_text("utf-8")
    assert "密码不入档" in note and "交接检查：通过" in note
    assert len(S.find_personal_data(path)) == 0


def test_handover_check_lists_what_blocks_a_handover():
    safe = S.mask_archive(S.archive_table(nmt.load("accounts")))
    assert S.handover_check(safe) == []
    broken = safe.drop(columns=["登录方式"]).assign(登录密码="123456")
    broken.loc[0, "运营人"] = ""
    issues = " ".join(S.handover_check(broken))
    assert "登录方式" in issues and "密码" in issues and "运营人" in issues
    assert "手机号" in " ".join(S.handover_check(S.archive_table(nmt.load("accounts"))))


# ---------------------------------------------------------------- homepage

def test_menu_rules_and_industry_coverage():
    good = {"点单": ["小程序点单", "附近门店"], "新品": ["本月新品"], "会员": ["会员中心", "积分商城"]}
    assert S.check_menu(good) == []
    assert S.menu_coverage(good) == ["点单", "门店", "新品", "会员"]
    bad = {"点单": ["a", "b", "c", "d", "e", "f"], "会员中心入口": [], "新品": ["冷泡茶礼盒预售与优惠"], "活动": []}
    kinds = sorted(p.rule_type for p in S.check_menu(bad))
    assert kinds == ["max_count", "max_count", "max_len", "max_len"]


def test_menu_with_a_string_instead_of_a_list_is_reported():
    problems = S.check_menu({"点单": "小程序点单", "新品": ["本月新品"], "会员": None})
    assert [p.rule_type for p in problems] == ["format"]
    assert "要写成列表" in problems[0].message and "点单" in problems[0].message


def test_homepage_html_shows_the_style_and_escapes_text(logos):
    page = S.homepage_html("抖音", "溪山<冷泡>", "原叶冷泡", logos["square"], "国潮雅致", {"点单": ["门店"]})
    assert "#9b2226" in page and "&lt;冷泡&gt;" in page and "data:image/png;base64" in page


# ---------------------------------------------------------------- rule changes

def test_add_rule_makes_a_new_version_and_diff_shows_it():
    old = S.setup_rules()
    new = S.add_rule(old, "头条号", "bio", "max_len", 20, "头条号公告", "2026-01-05", unit="字", cjk_counts_as=1)
    latest = pr.rules("头条号", "bio", table=new)
    assert latest.set_index("rule_type").loc["max_len", "version"] == 2
    diff = S.diff_rules(old, new)
    assert diff[["平台", "旧要求", "新要求"]].values.tolist() == [["头条号", "不超过 50 字", "不超过 20 字"]]
    assert len(old) + 1 == len(new)


def test_add_rule_rejects_bad_input_in_chinese():
    with pytest.raises(ValueError, match="规则类型"):
        S.add_rule(S.setup_rules(), "百家号", "bio", "maxlen", 10, "公告", "2026-01-08")
    with pytest.raises(ValueError, match="来源"):
        S.add_rule(S.setup_rules(), "百家号", "bio", "forbidden", "官方", "", "2026-01-08")
    with pytest.raises(ValueError, match="日期"):
        S.add_rule(S.setup_rules(), "百家号", "bio", "forbidden", "官方", "公告", "下周一")
    with pytest.raises(ValueError, match=r"规则对象 \"简介\" 不存在.*bio（简介）"):
        S.add_rule(S.setup_rules(), "百家号", "简介", "forbidden", "官方", "公告", "2026-01-08")


def test_rule_notices_break_exactly_two_accounts():
    accounts = nmt.load("accounts")
    assert S.validate_accounts(accounts)["passed"].all()
    t = S.add_rule(S.setup_rules(), "头条号", "bio", "max_len", 20, "N1", "2026-01-05", unit="字", cjk_counts_as=1)
    t = S.add_rule(t, "百家号", "bio", "forbidden", "官方", "N2", "2026-01-08")
    check = S.validate_accounts(accounts, table=t)
    assert check.loc[~check["passed"], "account_id"].tolist() == ["A09", "A10"]


# ---------------------------------------------------------------- panels

def test_form_panel_updates_chart_and_messages_while_typing(logos):
    panel = S.form_panel("微信公众号", name="溪山冷泡茶", bio="原叶冷泡茶", avatars=[str(logos["square"])])
    assert list(panel.figure.data[0].y) == [10, 5]
    assert "全部符合" in panel.card.value
    panel.controls["name"].value = "溪山冷泡茶" * 4
    assert list(panel.figure.data[0].y) == [40, 5]
    assert panel.figure.data[0].marker.color[0] == "#c0392b"
    assert "超过上限" in panel.card.value
    panel.controls["platform"].value = "百家号"
    assert list(panel.figure.data[1].y) == [10.0, 40.0]
    assert "百家号" in panel.figure.layout.title.text
    panel.controls["avatar"].value = str(logos["square"])
    assert "600×600" in panel.info.value


def test_homepage_panel_changes_preview_with_style_and_bio():
    panel = S.homepage_panel("抖音", bio="原叶冷泡茶")
    before = panel.preview.value
    panel.controls["style"].value = "简约现代"
    assert panel.preview.value != before and "#222222" in panel.preview.value
    panel.controls["bio"].value = "杭州最好喝的冷泡茶"
    assert "最好喝" in panel.notes.value and "✘" in panel.notes.value

"""Synthetic, seeded, calibrated datasets of the running case 溪山茶饮 (Xishan Tea).

``python -m nmt_lab.datagen [--out DIR] [--scale N]`` writes every table, ``SHA256SUMS`` and
the data dictionary ``README.md``. Scale 1 reproduces the committed files byte for byte.

>>> "accounts" in TABLES and "posts" in TABLES
True
"""

from __future__ import annotations

import hashlib
import importlib
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ._common import UserIds, rng_for, write_csv

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "datasets"
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "schema"

#: every table in the order the README lists them
TABLES = ["accounts", "platform_rules", "posts", "targets", "followers", "group_members", "comments",
          "sensitive_words", "orders", "refunds", "shop_traffic", "search_index", "hot_topics",
          "platform_profiles", "platform_index", "lexicon_changes", "response_rules", "negative_cases",
          "users", "user_behaviour", "staff", "content_plan", "headline_tests", "campaign_channels",
          "campaign_events", "drafts", "draft_log", "ad_inventory", "nps_survey", "evaluation_index",
          "effect_monthly", "campaign_history", "industry_benchmarks", "campaign_targets", "campaign_budget",
          "mp_daily", "contingency_playbook", "campaign_plan", "budget_plan", "risk_register", "mentions",
          "crisis_playbook", "channel_weekly", "ab_test_daily", "ops_review", "market_size",
          "market_factors", "tea_survey", "intl_social",
          "exec_tasks", "exec_raci", "exec_status", "exec_resources", "content_series", "series_plan"]


def load_schema(table: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{table}.json").read_text("utf-8"))


def _optional(module: str, func: str):
    """A generator owned by another module that may not exist yet."""
    try:
        mod = importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{module}":
            raise
        print(f"警告：{__name__}.{module} 尚不存在，跳过该表")
        return None
    return getattr(mod, func, None)


def build(scale: int = 1) -> dict[str, pd.DataFrame]:
    """Generate every table in memory (no formatting, datetimes as pandas datetimes)."""
    from .accounts import accounts_table, platform_rules_table
    from .audience import followers_table, group_members_table
    from .commerce import orders_table, shop_traffic_table
    from .posts import add_metrics, finalize_wechat, posts_table, schedule, targets_table
    from .trends import hot_topics_table, search_index_table

    ids = UserIds(scale)
    out: dict[str, pd.DataFrame] = {}
    posts = schedule(rng_for("posts", scale), scale)
    posts = add_metrics(rng_for("posts_metrics", scale), posts)
    followers = followers_table(rng_for("followers", scale), posts, ids, scale)
    posts = posts_table(finalize_wechat(rng_for("posts_wechat", scale), posts, followers))
    out["accounts"] = accounts_table(followers)
    out["platform_rules"] = platform_rules_table()
    out["posts"] = posts
    out["targets"] = targets_table(rng_for("targets", scale), posts)
    orders, refunds, buyers = orders_table(rng_for("orders", scale), posts, followers, ids, scale)
    out["group_members"] = group_members_table(rng_for("group_members", scale), followers, buyers)

    gen_comments = _optional("comments", "generate_comments")
    if gen_comments is not None:
        users = _users_for_comments(rng_for("comment_users", scale), followers, ids)
        comments = gen_comments(posts.copy(), users, rng_for("comments", scale), scale=scale)
        out["comments"] = comments
        followers = _count_comment_interactions(followers, comments, posts)
    out["followers"] = followers
    gen_words = _optional("lexicon", "generate_sensitive_words")
    if gen_words is not None:
        out["sensitive_words"] = gen_words()
    out["orders"] = orders
    out["refunds"] = refunds
    out["shop_traffic"] = shop_traffic_table(rng_for("shop_traffic", scale), orders)
    out["search_index"] = search_index_table(rng_for("search_index", scale), posts)
    out["hot_topics"] = hot_topics_table(rng_for("hot_topics", scale))
    from .platforms import platform_index_table, platform_profiles_table
    out["platform_profiles"] = platform_profiles_table(rng_for("platform_profiles", scale))
    out["platform_index"] = platform_index_table(rng_for("platform_index", scale))
    from .moderation import generate_lexicon_changes, generate_response_rules, negative_cases_table
    out["lexicon_changes"] = generate_lexicon_changes()
    out["response_rules"] = generate_response_rules()
    if "comments" in out:
        out["negative_cases"] = negative_cases_table(rng_for("negative_cases", scale), out["comments"],
                                                     out["response_rules"])
    gen_users = _optional("users", "users_tables")
    if gen_users is not None:
        out["users"], out["user_behaviour"] = gen_users(
            rng_for("users", scale), followers, orders, refunds, out["group_members"], scale)
    from .planning import content_plan_table, headline_tests_table, staff_table
    out["staff"] = staff_table()
    out["content_plan"] = content_plan_table(rng_for("content_plan", scale), posts)
    out["headline_tests"] = headline_tests_table(rng_for("headline_tests", scale))
    from .campaigns import channels_table, events_table  # last: takes fresh user ids
    out["campaign_channels"] = channels_table()
    out["campaign_events"] = events_table(rng_for("campaign_events", scale), followers, orders, ids)
    from .production import draft_log_table, drafts_table
    out["drafts"] = drafts_table()
    out["draft_log"] = draft_log_table(rng_for("draft_log", scale), out["drafts"])
    from .distribution import ad_inventory_table
    out["ad_inventory"] = ad_inventory_table(rng_for("ad_inventory", scale), followers)
    if "users" in out:
        from .survey import survey_table
        out["nps_survey"] = survey_table(rng_for("nps_survey", scale), out["users"], orders, scale)
    from .evaluation_index import effect_monthly_table, evaluation_index_table
    out["evaluation_index"] = evaluation_index_table()
    out["effect_monthly"] = effect_monthly_table(rng_for("effect_monthly", scale))
    from .benchmarks import benchmarks_table, history_table
    out["campaign_history"] = history_table(rng_for("campaign_history", scale))
    out["industry_benchmarks"] = benchmarks_table()
    from .tracking import budget_table, mp_daily_table, playbook_table, targets_table
    out["campaign_targets"] = targets_table()
    out["campaign_budget"] = budget_table(rng_for("campaign_budget", scale), out["campaign_channels"])
    out["mp_daily"] = mp_daily_table(rng_for("mp_daily", scale))
    out["contingency_playbook"] = playbook_table()
    from .planning import budget_plan_table, campaign_plan_table
    out["campaign_plan"] = campaign_plan_table()
    out["budget_plan"] = budget_plan_table()
    from .risk import crisis_playbook_table, mentions_table, risk_register_table
    out["risk_register"] = risk_register_table()
    out["mentions"] = mentions_table(rng_for("mentions", scale))
    out["crisis_playbook"] = crisis_playbook_table()
    from .returns import channel_weekly_table
    out["channel_weekly"] = channel_weekly_table(rng_for("channel_weekly", scale))
    from .lean import ab_test_daily_table, ops_review_table
    out["ab_test_daily"] = ab_test_daily_table(rng_for("ab_test_daily", scale))
    out["ops_review"] = ops_review_table(rng_for("ops_review", scale))
    from .market import intl_social_table, market_factors_table, market_size_table, tea_survey_table
    out["market_size"] = market_size_table()
    out["market_factors"] = market_factors_table()
    out["tea_survey"] = tea_survey_table(rng_for("tea_survey", scale))
    out["intl_social"] = intl_social_table(rng_for("intl_social", scale))
    from . import execution as ex
    out.update(exec_tasks=ex.exec_tasks_table(), exec_raci=ex.exec_raci_table(), exec_status=ex.exec_status_table(),
               exec_resources=ex.exec_resources_table(), content_series=ex.content_series_table(),
               series_plan=ex.series_plan_table())
    return {t: out[t] for t in TABLES if t in out}


def _users_for_comments(rng, followers: pd.DataFrame, ids) -> pd.DataFrame:
    """Everyone who can comment: followers, plus non-followers (about 40 % more per platform)."""
    f = followers[["user_id", "platform", "account_id", "followed_at", "unfollowed_at", "gender",
                   "age_group", "city"]].copy()
    f["is_follower"] = True
    extra = []
    from .audience import demographics
    for platform, n in f.groupby("platform").size().items():
        k = int(n * 0.4)
        d = demographics(rng, platform, k)
        d.insert(0, "user_id", ids.take(k))
        d.insert(1, "platform", platform)
        d["is_follower"] = False
        extra.append(d.drop(columns="city_tier"))
    return pd.concat([f, *extra], ignore_index=True)


def _count_comment_interactions(followers, comments, posts) -> pd.DataFrame:
    """A follower's 2025 interactions are at least the comments they wrote on 2025 posts."""
    if not {"user_id", "post_id"} <= set(comments.columns):
        return followers
    c = comments[["user_id", "post_id"]].dropna().merge(
        posts[["post_id", "platform", "published_at"]], on="post_id")
    c = c[pd.to_datetime(c["published_at"]).dt.year == 2025]
    n = c.groupby(["user_id", "platform"]).size().rename("n_comments").reset_index()
    f = followers.merge(n, on=["user_id", "platform"], how="left")
    f["interactions"] = np.maximum(f["interactions"], f["n_comments"].fillna(0).astype(np.int64))
    return f.drop(columns="n_comments")


def format_for_csv(df: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Apply the schema's column order and text formats (datetimes, dates, nullable ints)."""
    cols = [c["name"] for c in schema["columns"]]
    if list(df.columns) != cols:
        raise ValueError(f"{schema['table']}: columns {list(df.columns)} != schema {cols}")
    df = df.copy()
    for c in schema["columns"]:
        s = df[c["name"]]
        dt = c["dtype"]
        if dt in ("datetime", "date") and not (s.dtype == object or pd.api.types.is_string_dtype(s)):
            fmt = "%Y-%m-%d %H:%M:%S" if dt == "datetime" else "%Y-%m-%d"
            df[c["name"]] = pd.to_datetime(s).dt.strftime(fmt)
        elif dt == "int" and not pd.api.types.is_integer_dtype(s):
            df[c["name"]] = pd.array(s, dtype="Int64")
        elif dt == "float" and c.get("unit") == "元":  # money: always two decimals
            df[c["name"]] = [None if pd.isna(v) else f"{v:.2f}" for v in s]
    return df


def write_all(tables: dict[str, pd.DataFrame], out: Path, scale: int = 1) -> dict[str, int]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, df in tables.items():
        schema = load_schema(name)
        write_csv(format_for_csv(df, schema), out / schema["file"])
        counts[name] = len(df)
    files = sorted(load_schema(n)["file"] for n in tables)
    lines = [f"{hashlib.sha256((out / f).read_bytes()).hexdigest()}  {f}\n" for f in files]
    (out / "SHA256SUMS").write_text("".join(lines), encoding="utf-8", newline="\n")
    from .readme import render_readme
    sizes = {n: (out / load_schema(n)["file"]).stat().st_size for n in tables}
    (out / "README.md").write_text(render_readme(counts, sizes, scale), encoding="utf-8",
                                   newline="\n")
    return counts


def generate(out: Path | str | None = None, scale: int = 1, verbose: bool = True) -> dict:
    """Build and write every table; returns {table: rows}."""
    t0 = time.perf_counter()
    tables = build(scale)
    counts = write_all(tables, Path(out) if out else DEFAULT_OUT, scale)
    if verbose:
        for name, n in counts.items():
            print(f"{name:16s} {n:>8d} 行")
        print(f"用时 {time.perf_counter() - t0:.1f} s")
    return counts

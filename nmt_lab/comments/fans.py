"""评论队列 · 粉丝：按互动、获赞和评论质量给粉丝打分，挑出优质粉丝（去掉疑似机器人和不文明用户）。"""

from __future__ import annotations

import pandas as pd

from .._errors import check_choice, check_columns


# --------------------------------------------------------------------------- #
# Fans
# --------------------------------------------------------------------------- #
def fan_table(queue: pd.DataFrame, followers: pd.DataFrame, platform: str | None = None) -> pd.DataFrame:
    """One row per user: interactions (followers table), comments, likes received, tone, flags, score.

    ``queue`` is the output of :func:`triage` (its rule flags say who posts ads or uncivil
    comments); ``followers`` gives ``interactions`` per account followed (summed per user).
    粉丝分 score = 互动次数 + 评论获赞数 ÷ 10 + 5 × 置顶候选评论数. ``is_bot`` marks users with an
    advertising comment; a 优质粉丝 is neither a bot nor uncivil (see :func:`top_fans`).
    With ``platform`` only that platform's comments and follows count.

    >>> from nmt_lab import load
    >>> from nmt_lab.comments import triage
    >>> f = fan_table(triage(load("comments")), load("followers"), "抖音")
    >>> list(f.columns)
    ['interactions', 'comments', 'likes_received', 'positive_share', 'pin_comments', 'spam_comments', \
'abusive_comments', 'is_bot', 'score']
    >>> f.index.name
    'user_id'
    """
    check_columns(queue, ["user_id", "likes", "positive", "spam", "abusive", "pin_candidate"])
    check_columns(followers, ["user_id", "interactions"])
    if platform is not None:
        valid = sorted(set(queue["platform"].astype(str)) | set(followers["platform"].astype(str)))
        check_choice(platform, valid, "平台")
        queue = queue[queue["platform"] == platform]
        followers = followers[followers["platform"] == platform]
    per_user = queue.groupby("user_id").agg(
        comments=("likes", "size"), likes_received=("likes", "sum"), positive=("positive", "sum"),
        pin_comments=("pin_candidate", "sum"), spam_comments=("spam", "sum"), abusive_comments=("abusive", "sum"))
    inter = followers.groupby("user_id")["interactions"].sum()
    out = per_user.join(inter, how="outer").fillna(0)
    out = out[(out["interactions"] > 0) | (out["comments"] > 0)]
    ints = ["interactions", "comments", "likes_received", "pin_comments", "spam_comments", "abusive_comments"]
    out[ints] = out[ints].astype(int)
    out["positive_share"] = (out["positive"] / out["comments"].where(out["comments"] > 0)).fillna(0.0).round(3)
    out["is_bot"] = out["spam_comments"] > 0
    out["score"] = (out["interactions"] + out["likes_received"] / 10 + 5 * out["pin_comments"]).round(1)
    out.index.name = "user_id"
    cols = ["interactions", "comments", "likes_received", "positive_share", "pin_comments", "spam_comments",
            "abusive_comments", "is_bot", "score"]
    return out[cols].sort_values("score", ascending=False)


def top_fans(fans: pd.DataFrame, n: int = 10, max_uncivil_share: float = 0.1) -> pd.DataFrame:
    """The ``n`` best fans of a :func:`fan_table`: highest score first, leaving out suspected bots
    (any advertising comment) and users whose uncivil comments exceed ``max_uncivil_share`` of
    their comments.

    >>> from nmt_lab import load
    >>> from nmt_lab.comments import triage
    >>> top = top_fans(fan_table(triage(load("comments")), load("followers")), 5)
    >>> len(top), bool((~top["is_bot"]).all())
    (5, True)
    """
    uncivil = fans["abusive_comments"] > max_uncivil_share * fans["comments"]
    good = fans[~fans["is_bot"] & ~uncivil]
    return good.sort_values("score", ascending=False).head(n)

"""Daily publishing and content publishing: what a 新媒体运营助理 does before "发布".

- **排期**：:func:`theme_plan` (a week's theme plan), :func:`frequency_limits`,
  :func:`check_schedule` and :func:`build_schedule` (move what breaks a frequency limit),
  :func:`schedule_panel` (a calendar widget).
- **转载**：:func:`repost_sources` (the maintained source list), :func:`repost_articles`,
  :func:`tidy` (排版), :func:`attribution` / :func:`attribution_problems` (规范引用), :func:`repost`.
- **热点与素材库**：:func:`hot_candidates`, :func:`hashtag`, :func:`material_record`,
  :func:`validate_material`, :func:`save_materials`, :func:`material_table`.
- **校对**：:func:`proofread` and :func:`correct` over a small curated list of typical errors,
  :func:`sample_draft` / :func:`activity_brief` (a draft with planted mistakes and its fact sheet).
- **发布设置**：:func:`post_fields`, :func:`check_post`, :func:`crop_box`.
- **发布时间**：:func:`hour_profile`, :func:`time_heatmap`, :func:`best_slot`, :func:`best_hour`,
  :func:`heatmap_panel` (a heatmap widget).
- **多渠道分发**：:func:`adapt`, :func:`distribution_plan`.
- **社群**：:func:`group_overview`, :func:`community_push_plan`, :func:`mask_phone`.
- **内容分发（中级）**：:func:`fit_scores` (content × platform fit), :func:`package` (一稿多平台),
  :func:`allocate` (region × crowd × slot under a budget), :func:`targeting_panel`;
  see :mod:`~nmt_lab.publishing.targeting`.

Each group is a module of this package (``nmt.publishing.*`` gathers their public names):
:mod:`~nmt_lab.publishing.schedule` (排期), :mod:`~nmt_lab.publishing.reposting` (转载),
:mod:`~nmt_lab.publishing.hot_topics` (热点与素材), :mod:`~nmt_lab.publishing.proofreading` (校对),
:mod:`~nmt_lab.publishing.timing` (发布时间), :mod:`~nmt_lab.publishing.distribution` (发布设置、多渠道分发、社群);
:mod:`~nmt_lab.publishing.common` holds what they share (brand name, weekdays, Chinese column names).

>>> from nmt_lab import load
>>> plan = theme_plan("2025-08-04")
>>> len(check_schedule(plan)) > 0, len(check_schedule(build_schedule(plan)))
(True, 0)
>>> best_hour(load("posts"), "微信公众号")
22
"""

from .common import (
    BRAND,
    CJK,
    LABELS,
    WEEKDAYS,
    chinese,
    weekday_name,
)
from .distribution import (
    FIELD_NAMES,
    GROUP_CAPACITY,
    PUBLISH_FIELDS,
    adapt,
    campaign_brief,
    check_post,
    community_push_plan,
    crop_box,
    distribution_plan,
    find_phones,
    group_overview,
    load_groups,
    mask_phone,
    post_fields,
    sample_piece,
)
from .hot_topics import (
    MATERIAL_FIELDS,
    hashtag,
    hot_candidates,
    load_hot,
    material_record,
    material_table,
    save_materials,
    validate_material,
)
from .proofreading import (
    PROOF_COLUMNS,
    TYPICAL_ERRORS,
    activity_brief,
    correct,
    proofread,
    sample_draft,
)
from .reposting import (
    add_source,
    attribution,
    attribution_problems,
    repost,
    repost_articles,
    repost_sources,
    tidy,
    update_status,
)
from .schedule import (
    BRAND_RULEBOOK,
    build_schedule,
    calendar,
    check_schedule,
    frequency_limits,
    publish_counts,
    schedule_panel,
    schedule_view,
    theme_plan,
    week_starts,
)
from .targeting import (
    CONTENT_GOALS,
    TAG_LIMITS,
    allocate,
    allocation_summary,
    as_chinese,
    best_platforms,
    content_items,
    fit_scores,
    fit_tags,
    package,
    targeting_panel,
    targeting_view,
    topic_lift,
    with_rates,
)
from .timing import (
    best_hour,
    best_slot,
    heatmap_panel,
    heatmap_view,
    hour_profile,
    load_posts,
    time_heatmap,
)

__all__ = [
    "CONTENT_GOALS",
    "TAG_LIMITS",
    "allocate",
    "allocation_summary",
    "as_chinese",
    "best_platforms",
    "content_items",
    "fit_scores",
    "fit_tags",
    "package",
    "targeting_panel",
    "targeting_view",
    "topic_lift",
    "with_rates",
    "BRAND",
    "BRAND_RULEBOOK",
    "CJK",
    "FIELD_NAMES",
    "GROUP_CAPACITY",
    "LABELS",
    "MATERIAL_FIELDS",
    "PROOF_COLUMNS",
    "PUBLISH_FIELDS",
    "TYPICAL_ERRORS",
    "WEEKDAYS",
    "activity_brief",
    "adapt",
    "add_source",
    "attribution",
    "attribution_problems",
    "best_hour",
    "best_slot",
    "build_schedule",
    "calendar",
    "campaign_brief",
    "check_post",
    "check_schedule",
    "chinese",
    "community_push_plan",
    "correct",
    "crop_box",
    "distribution_plan",
    "find_phones",
    "frequency_limits",
    "group_overview",
    "hashtag",
    "heatmap_panel",
    "heatmap_view",
    "hot_candidates",
    "hour_profile",
    "load_groups",
    "load_hot",
    "load_posts",
    "mask_phone",
    "material_record",
    "material_table",
    "post_fields",
    "proofread",
    "publish_counts",
    "repost",
    "repost_articles",
    "repost_sources",
    "sample_draft",
    "sample_piece",
    "save_materials",
    "schedule_panel",
    "schedule_view",
    "theme_plan",
    "tidy",
    "time_heatmap",
    "update_status",
    "validate_material",
    "week_starts",
    "weekday_name",
]

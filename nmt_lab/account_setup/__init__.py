"""Account setup simulator: registration forms checked against the platform rules, avatar
images, a masked registration archive a colleague can take over, homepage settings, and
rule changes.

The ``platform_rules`` table covers publishing rules well but few account-setup rules, so
this module adds a small curated set (:data:`SETUP_RULES`: names, bios, avatars, the
公众号 menu) in the same shape. Rows marked soft come from industry write-ups, not from the
platform itself: check the platform's help centre before relying on them.

The package's modules: :mod:`~nmt_lab.account_setup.rules` (the curated rules, name checks, rule
changes), :mod:`~nmt_lab.account_setup.forms` (registration forms, verification, the form panel),
:mod:`~nmt_lab.account_setup.homepage` (logo and avatar images, styles, the 公众号 menu, the homepage
preview and panel) and :mod:`~nmt_lab.account_setup.archive` (the masked archive and its hand-over);
``nmt.account_setup.*`` gathers their public names, and ``explain`` from :mod:`nmt_lab.platform_rules`.

>>> form = blank_form("头条号", name="溪山冷泡茶", bio="杭州原叶冷泡茶，分享门店新品和喝茶小知识。",
...                   category="美食", contact_phone="13800001299", contact_email="cold@xishan-tea.example")
>>> [p.rule_type for p in validate_form(form)]
['required', 'required']
>>> mask_phone("13800001201"), mask_email("wechat@xishan-tea.example")
('138****1201', 'w***@xishan-tea.example')
"""

from ..platform_rules import (
    Problem,
    explain,
)
from .archive import (
    ARCHIVE_COLUMNS,
    HANDOVER_REQUIRED,
    archive_table,
    find_personal_data,
    handover_check,
    mask_archive,
    mask_email,
    mask_id,
    mask_phone,
    read_archive,
    write_archive,
)
from .forms import (
    CATEGORY_OPTIONS,
    FORM_FIELDS,
    REQUIRED,
    blank_form,
    form_panel,
    form_view,
    validate_accounts,
    validate_form,
    verification_guide,
)
from .homepage import (
    HOMEPAGE_SPECS,
    INDUSTRY_ESSENTIALS,
    STYLES,
    check_menu,
    homepage_html,
    homepage_panel,
    homepage_specs,
    image_info,
    make_logo,
    menu_coverage,
    save_homepage,
    style_table,
)
from .rules import (
    BRAND_SUBJECT,
    FORM_LABELS,
    RULE_NOTICES,
    SETUP_PLATFORMS,
    SETUP_RULES,
    add_rule,
    check_names,
    diff_rules,
    rule_notices,
    setup_rules,
)

__all__ = [
    "ARCHIVE_COLUMNS",
    "BRAND_SUBJECT",
    "CATEGORY_OPTIONS",
    "FORM_FIELDS",
    "FORM_LABELS",
    "HANDOVER_REQUIRED",
    "HOMEPAGE_SPECS",
    "INDUSTRY_ESSENTIALS",
    "Problem",
    "REQUIRED",
    "RULE_NOTICES",
    "SETUP_PLATFORMS",
    "SETUP_RULES",
    "STYLES",
    "add_rule",
    "archive_table",
    "blank_form",
    "check_menu",
    "check_names",
    "diff_rules",
    "explain",
    "find_personal_data",
    "form_panel",
    "form_view",
    "handover_check",
    "homepage_html",
    "homepage_panel",
    "homepage_specs",
    "image_info",
    "make_logo",
    "mask_archive",
    "mask_email",
    "mask_id",
    "mask_phone",
    "menu_coverage",
    "read_archive",
    "rule_notices",
    "save_homepage",
    "setup_rules",
    "style_table",
    "validate_accounts",
    "validate_form",
    "verification_guide",
    "write_archive",
]

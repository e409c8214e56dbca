"""nbgrader's exchange with the lab room's rules, in Chinese.

Students' servers use :class:`Submit` (``c.ExchangeFactory.submit``): a resubmission is fine (the
instructor collects the latest), but one identical to the previous submission is refused with a
message that says why, so a double click does not file two copies.
"""

from __future__ import annotations

import glob
import os

from nbgrader.exchange.default.submit import ExchangeSubmit


def _notebooks(folder: str) -> dict[str, bytes]:
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.ipynb"), recursive=True)):
        if ".ipynb_checkpoints" in path:
            continue
        with open(path, "rb") as fh:
            out[os.path.relpath(path, folder)] = fh.read()
    return out


class Submit(ExchangeSubmit):
    def previous(self) -> list[str]:
        """This student's earlier submissions of the assignment, oldest first (from the cache)."""
        student = self.assignment_filename.split("+", 1)[0]
        pattern = os.path.join(self.cache_path, f"{glob.escape(student)}+{glob.escape(self.coursedir.assignment_id)}+*")
        return sorted(glob.glob(pattern), key=lambda p: p.rsplit("+", 1)[-1])

    def copy_files(self):
        earlier = self.previous()
        assignment = self.coursedir.assignment_id
        if earlier:
            last = earlier[-1]
            when = last.rsplit("+", 1)[-1]
            if _notebooks(self.src_path) == _notebooks(last):
                self.fail(f"你已经在 {when} 提交过作业 {assignment}，这次的笔记本和上次完全一样，不用重复提交。"
                          "改了答案要重交：先保存（Ctrl+S），再点提交。")
            self.log.warning(f"这是你第 {len(earlier) + 1} 次提交作业 {assignment}（上次在 {when}）；"
                             "老师收取时以最新的一次为准。")
        super().copy_files()

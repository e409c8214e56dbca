"""What a batch leaves for the teacher: grades.csv, the per-skill mastery table, the class report.

Everything is read back from the gradebook (so manual grades entered later in nbgrader's
formgrader count when the command is run again). A grade cell's points count for every skill id
it carries (``cell.metadata["nmt"]["skills"]``); cells not graded yet (manual answers awaiting a
teacher) count for nothing until they are.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from autograder import notebook as nbk

CSV_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
               "raw_score", "late_submission_penalty", "score", "max_score"]


@dataclass
class Question:
    notebook: str
    cell: str
    max_score: float
    skills: list[str]
    manual: bool

    @property
    def label(self) -> str:
        return f"{self.notebook.split('_')[0]} {self.cell}"


@dataclass
class Row:
    student: str
    name: str
    score: float
    max_score: float
    cells: dict[tuple[str, str], float | None] = field(default_factory=dict)

    def rate(self, questions: list[Question]) -> float | None:
        got = [(self.cells.get((q.notebook, q.cell)), q.max_score) for q in questions]
        possible = sum(m for s, m in got if s is not None)
        return sum(s for s, m in got if s is not None) / possible if possible else None


def questions(source_dir: Path) -> list[Question]:
    """Grade cells of the assignment's source notebooks, in notebook order, with their skills."""
    out = []
    for path in sorted(Path(source_dir).glob("*.ipynb")):
        nb = nbk.read(path)
        for cell in nbk.grade_cells(nb):
            m = nbk.nbgrader_meta(cell)
            out.append(Question(path.stem, m["grade_id"], float(m.get("points", 0)), nbk.skills(cell),
                                bool(m.get("solution"))))
    return out


def skills_of(qs: list[Question]) -> list[str]:
    seen: list[str] = []
    for q in qs:
        for s in q.skills:
            if s not in seen:
                seen.append(s)
    return sorted(seen)


def class_rows(gb: Gradebook, assignment: str) -> list[Row]:
    rows = []
    for sub in gb.assignment_submissions(assignment):
        st = sub.student
        name = " ".join(x for x in (st.last_name, st.first_name) if x)
        row = Row(st.id, name, float(sub.score or 0), float(sub.max_score or 0))
        for snb in sub.notebooks:
            for g in snb.grades:
                graded = g.auto_score is not None or g.manual_score is not None
                row.cells[(snb.name, g.name)] = float(g.score) if graded else None
        rows.append(row)
    rows.sort(key=lambda r: r.student)
    return rows


def write_grades_csv(gb: Gradebook, assignment: str, path: Path) -> None:
    """nbgrader ``export``'s columns and rules (every student; no submission scores 0), properly quoted."""
    a = gb.find_assignment(assignment)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for st in gb.students:
            score = {"assignment": a.name, "duedate": a.duedate, "student_id": st.id, "last_name": st.last_name,
                     "first_name": st.first_name, "email": st.email, "max_score": a.max_score}
            try:
                sub = gb.find_submission(a.name, st.id)
            except MissingEntry:
                score.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
            else:
                penalty = sub.late_submission_penalty
                score.update(timestamp=sub.timestamp, raw_score=sub.score, late_submission_penalty=penalty,
                             score=max(0.0, sub.score - penalty))
            w.writerow(["" if score[k] is None else str(score[k]) for k in CSV_COLUMNS])


def mastery(rows: list[Row], qs: list[Question]) -> dict[str, dict[str, tuple[float, float]]]:
    """student -> skill -> (earned, possible) over graded cells."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for r in rows:
        per: dict[str, tuple[float, float]] = {}
        for q in qs:
            got = r.cells.get((q.notebook, q.cell))
            if got is None:
                continue
            for s in q.skills:
                e, p = per.get(s, (0.0, 0.0))
                per[s] = (e + got, p + q.max_score)
        out[r.student] = per
    return out


def write_mastery_csv(rows: list[Row], qs: list[Question], path: Path) -> None:
    skills = skills_of(qs)
    table = mastery(rows, qs)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        head = ["学号", "姓名"]
        for s in skills:
            head += [f"{s} 得分", f"{s} 满分", f"{s} 掌握率"]
        w.writerow(head)
        for r in rows:
            line = [r.student, r.name]
            for s in skills:
                e, p = table[r.student].get(s, (0.0, 0.0))
                line += [_num(e), _num(p), f"{e / p:.2f}" if p else ""]
            w.writerow(line)


def _num(x: float) -> str:
    return f"{x:g}"


def write_report(rows: list[Row], qs: list[Question], summary: dict, path: Path, threshold: float) -> None:
    """The class report: score distribution, per-question difficulty, skill heatmap, students below."""
    import plotly.graph_objects as go
    import plotly.io as pio

    figs = []
    rates = [(r, r.rate(qs)) for r in rows]
    pct = [round(100 * x, 1) for _, x in rates if x is not None]
    fig = go.Figure(go.Histogram(x=pct, xbins=dict(start=0, end=100.01, size=10), marker_color="#2b7bba"))
    fig.update_layout(title="得分率分布（已评分部分）", xaxis_title="得分率（%）", yaxis_title="人数", bargap=0.05,
                      xaxis_range=[0, 110])
    fig.add_vline(x=threshold * 100, line_dash="dash", line_color="#d62728",
                  annotation_text=f"预警线 {threshold:.0%}")
    figs.append(fig)

    labels, means, counts = [], [], []
    for q in qs:
        got = [r.cells.get((q.notebook, q.cell)) for r in rows]
        got = [g for g in got if g is not None]
        labels.append(q.label + ("（人工）" if q.manual else ""))
        means.append(round(100 * sum(got) / (len(got) * q.max_score), 1) if got and q.max_score else None)
        counts.append(len(got))
    fig = go.Figure(go.Bar(x=labels, y=means, marker_color="#ff7f0e",
                           hovertemplate="%{x}<br>平均得分率 %{y}%<extra></extra>"))
    fig.update_layout(title="每题难度（平均得分率，越低越难；人工题只计已评分的）", yaxis_title="平均得分率（%）",
                      yaxis_range=[0, 100])
    figs.append(fig)

    skills = skills_of(qs)
    table = mastery(rows, qs)
    z, text = [], []
    for r in rows:
        line, tline = [], []
        for s in skills:
            e, p = table[r.student].get(s, (0.0, 0.0))
            line.append(round(e / p, 3) if p else None)
            tline.append(f"{e:g}/{p:g}" if p else "未评")
        z.append(line)
        text.append(tline)
    ylabels = [f"{r.student} {r.name}".strip() for r in rows]
    fig = go.Figure(go.Heatmap(z=z, x=skills, y=ylabels, text=text, texttemplate="%{text}", zmin=0, zmax=1,
                               colorscale="RdYlGn", colorbar=dict(title="掌握率"),
                               hovertemplate="%{y}<br>%{x}：%{text}<extra></extra>"))
    fig.update_layout(title="技能掌握热力图（学生 × 技能要求，得分/满分）",
                      height=max(360, 22 * len(rows) + 160), yaxis_autorange="reversed")
    figs.append(fig)

    parts = []
    for i, f in enumerate(figs):
        f.update_layout(template="plotly_white", font_family="Noto Sans CJK SC, Microsoft YaHei, sans-serif")
        parts.append(pio.to_html(f, include_plotlyjs=(i == 0), full_html=False))

    below = sorted(((r, x) for r, x in rates if x is not None and x < threshold), key=lambda t: t[1])
    below_rows = "".join(
        f"<tr><td>{html.escape(r.student)}</td><td>{html.escape(r.name)}</td><td>{x:.0%}</td>"
        f"<td>{r.score:g} / {r.max_score:g}</td><td>{html.escape(_weakest(r, qs, table))}</td></tr>"
        for r, x in below)
    issues = "".join(
        f"<tr><td>{html.escape(i['student'])}</td><td>{html.escape(i['category'])}</td>"
        f"<td>{html.escape(i['message'])}</td></tr>" for i in summary.get("issues", []))
    s = summary
    doc = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(s['assignment'])} 班级评分报告</title>
<style>body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1100px;color:#222}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;font-size:14px}}
th{{background:#f3f3f3}}.kpi span{{display:inline-block;margin-right:2em}}</style></head><body>
<h1>{html.escape(s['assignment'])} 班级评分报告</h1>
<p class="kpi"><span>提交 {s['students']} 人</span><span>已评分 {s['graded']}</span><span>评分失败 {s['failed']}</span>
<span>触发限制 {s['limited']}</span><span>疑似篡改 {s['tampered']}</span>
<span>平均得分率 {(sum(pct) / len(pct) if pct else 0):.1f}%</span></p>
<p>得分率按已评分的题计算；人工评分的题（如月报）在老师评分前不计入。
老师在 nbgrader 中评完后，再运行一次阅卷命令即可刷新本报告。</p>
<h2>得分率分布</h2>
{parts[0]}
<h2>低于预警线（{threshold:.0%}）的学生：{len(below)} 人</h2>
<table><tr><th>学号</th><th>姓名</th><th>得分率</th><th>总分</th><th>最薄弱的技能</th></tr>{below_rows}</table>
<h2>每题难度</h2>
{parts[1]}
<h2>技能掌握热力图</h2>
<p>每格是该学生在该技能要求上的得分/满分（一道题考查几条技能，就计入几条）；颜色越红掌握越差。</p>
{parts[2]}
<h2>需要留意的提交</h2>
<table><tr><th>学号</th><th>类别</th><th>说明</th></tr>{issues}</table>
</body></html>"""
    Path(path).write_text(doc, encoding="utf-8")


def _weakest(r: Row, qs: list[Question], table) -> str:
    per = table.get(r.student, {})
    scored = [(e / p, s) for s, (e, p) in per.items() if p]
    if not scored:
        return ""
    rate, skill = min(scored)
    return f"{skill}（{rate:.0%}）"

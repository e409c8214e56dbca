# nbgrader configuration of the course. `make course` writes build/course/nbgrader_config.py,
# which loads this file, so plain `nbgrader ...` commands run in build/course use it too.
c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "nmt560003"
# Submissions, feedback and the gradebook (sqlite gradebook.db) live under the course root (build/course).

# What students see in place of solutions (in Chinese, as the whole course).
c.ClearSolutions.code_stub = {
    "python": "# 在这里写你的代码（删掉下面这一行）\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "在这里写下你的回答。"
c.ClearSolutions.enforce_metadata = True

# A lab notebook executes in well under a minute; a stuck cell is stopped, not waited for.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# A plotly FigureWidget carries its JavaScript bundle (~5 MB) in the widget state; graded
# copies and feedback don't need it.
c.Execute.store_widget_state = False

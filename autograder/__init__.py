"""Grading tooling around nbgrader: build the course from the curriculum, grade submissions."""

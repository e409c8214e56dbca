"""机房 JupyterHub：一台服务器上的多用户课程，nbgrader exchange 收发作业。

``python -m nmt_hub start`` (``make hub``) prepares the accounts from a class list, the course
and the exchange under one state directory, then runs JupyterHub; ``release``/``collect``/
``grade`` are the instructor's round trip. See README (教师：机房 JupyterHub).
"""

# 新媒体技术课件 — the two commands of the README are `make lab` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= auto
PORT   ?= 8888
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
# Jupyter refuses to run as root unless told; containers and lab machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.DEFAULT_GOAL := help
.PHONY: help lab test env course coverage data lint clean

help: ## 列出所有命令 / list every target
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@mkdir -p $(LAB_SETTINGS)
	@printf '{\n  "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}\n}\n' \
		> $(LAB_SETTINGS)/overrides.json
	@touch $(STAMP)

env: $(STAMP) ## 创建或更新 .venv（课程依赖 + 开发工具）

lab: env ## 安装并启动 JupyterLab（中文界面，打开课程根目录）
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --ServerApp.ip=127.0.0.1 \
		--ServerApp.port=$(PORT) $(ALLOW_ROOT)

test: env ## 安装并运行全部测试（并行）
	$(BIN)/python -m pytest -n $(JOBS)

course: env ## 从课程大纲生成 nbgrader 课程（build/course：source 与学生版 release）
	$(BIN)/python -m autograder.course build

coverage: env ## 打印技能要求覆盖表：要求 → 笔记本 → 评分项，及合计
	$(BIN)/python -m autograder.coverage

data: env ## 重新生成 datasets/（按种子可逐字节复现）并校验
	$(BIN)/python -m nmt_lab.datagen
	cd datasets && sha256sum -c --quiet SHA256SUMS

lint: env ## 代码风格检查（ruff）
	$(BIN)/ruff check .

clean: ## 删除生成的文件（build/，不删 .venv）
	rm -rf build .pytest_cache

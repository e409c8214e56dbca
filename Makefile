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
	@# jsonschema's optional rfc3987-syntax builds a grammar at import (2-5 s in every kernel
	@# that shows a plotly FigureWidget, and in every graded submission); nothing here needs it.
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	@mkdir -p $(LAB_SETTINGS)
	@printf '{\n  "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}\n}\n' \
		> $(LAB_SETTINGS)/overrides.json
	@touch $(STAMP)

env: $(STAMP) ## 创建或更新 .venv（课程依赖 + 开发工具）

lab: env ## 安装并启动 JupyterLab（中文界面，先打开课程首页 START_HERE.ipynb）
	$(BIN)/python -m nmt_lab.landing --root "$(CURDIR)"
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --ServerApp.ip=127.0.0.1 \
		--ServerApp.port=$(PORT) --LabApp.default_url=/lab/tree/START_HERE.ipynb $(ALLOW_ROOT)

test: env ## 安装并运行全部测试（并行；含 Chromium 浏览器测试，缺浏览器或中文字体时先安装）
	@sh scripts/system-deps.sh
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --durations=15

course: env ## 从课程大纲生成 nbgrader 课程（build/course：source 与学生版 release，含课程首页）
	$(BIN)/python -m autograder.course build
	$(BIN)/python -m nmt_lab.landing --layout release --root build/course/release

coverage: env ## 打印技能要求覆盖表：要求 → 笔记本 → 评分项，及合计
	$(BIN)/python -m autograder.coverage

data: env ## 重新生成 datasets/（按种子可逐字节复现）并校验
	$(BIN)/python -m nmt_lab.datagen
	cd datasets && sha256sum -c --quiet SHA256SUMS

lint: env ## 代码风格检查（ruff）
	$(BIN)/ruff check .

clean: ## 删除生成的文件（build/，不删 .venv）
	rm -rf build .pytest_cache

HUB_STATE ?= /srv/nmt-hub
HUB_PORT  ?= 8000
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy

$(CHP):
	@command -v npm >/dev/null || { echo "机房 Hub 需要 Node.js 与 npm（Debian：apt-get install -y nodejs npm）"; exit 2; }
	@mkdir -p $(VENV)/node
	cd $(VENV)/node && npm install --silent --no-fund --no-audit configurable-http-proxy@5

.PHONY: hub hub-deps
hub-deps: env $(CHP) ## 安装机房 Hub 的代理（npm 包 configurable-http-proxy，装在 .venv/node）

hub: hub-deps ## 启动机房 JupyterHub（root）：make hub CLASS=名单.csv [HUB_PORT=8000] [HUB_STATE=/srv/nmt-hub] [HUB_ARGS=...]
	$(BIN)/python -m nmt_hub --state "$(HUB_STATE)" start --port $(HUB_PORT) $(if $(CLASS),--classlist "$(CLASS)") $(HUB_ARGS)

.PHONY: grade
grade: env ## 批量阅卷：make grade A=B3 IN=提交.zip [OUT=输出目录] [ARGS="--regrade 学号"]
	@test -n "$(A)" -a -n "$(IN)" || { echo "用法：make grade A=作业编号 IN=提交的压缩包或文件夹 [OUT=输出目录] [ARGS=...]"; exit 2; }
	$(BIN)/python -m autograder.batch "$(A)" "$(IN)" $(if $(OUT),-o "$(OUT)") $(ARGS)

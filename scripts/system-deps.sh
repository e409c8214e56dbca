#!/bin/sh
# System packages the browser tests need (Debian/Ubuntu): Chromium, a CJK font (without it
# Chinese shows as boxes) and an emoji font (the notebooks mark widgets and exercises with
# emoji); the lab-room hub tests also need npm (configurable-http-proxy) and a Python with venv
# that every account can run (/usr/bin/python3). `make test` runs this; it installs what is missing when it can (root, or sudo
# without password) and otherwise says what to install: the browser tests then fail with
# the same instruction instead of skipping.
set -u

have_chromium() {
    if [ -n "${NMT_CHROMIUM:-}" ]; then [ -x "$NMT_CHROMIUM" ]; return; fi
    for b in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$b" >/dev/null 2>&1 && return 0
    done
    return 1
}
have_font() {  # $1: fontconfig pattern
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list "$1" family 2>/dev/null)" ]
}

pkgs=""
have_chromium || pkgs="$pkgs chromium"
have_font ":lang=zh-cn" || pkgs="$pkgs fonts-noto-cjk"
have_font ":family=Noto Color Emoji" || pkgs="$pkgs fonts-noto-color-emoji"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"
/usr/bin/python3 -c "import venv, ensurepip" >/dev/null 2>&1 || pkgs="$pkgs python3-venv"
[ -z "$pkgs" ] && exit 0

cannot() {
    echo "浏览器与机房 Hub 测试缺少系统软件包:$pkgs" >&2
    echo "  $1" >&2
    echo "  请以 root 运行: apt-get update && apt-get install -y$pkgs" >&2
    echo "  (或安装 Chromium 与 Noto Sans CJK 字体，并用 NMT_CHROMIUM=/path/to/chromium 指定浏览器)" >&2
    exit 0  # the other tests still run; the browser tests fail with this instruction
}

command -v apt-get >/dev/null 2>&1 || cannot "这台机器没有 apt-get。"
if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
else
    cannot "没有 root 权限，无法自动安装。"
fi
echo "安装浏览器测试所需的系统软件包:$pkgs"
# shellcheck disable=SC2086  # $pkgs is a list of package names
$sudo apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $pkgs >/dev/null \
    || cannot "apt-get 安装失败（网络或软件源不可用？）。"

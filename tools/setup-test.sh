#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine:
# LibreOffice (opens, recalculates and renders workbooks), poppler (PDF -> text/PNG),
# fonts (Liberation 2: Times New Roman's metrics with every Vietnamese letter, so the report renders as in
# Word), and the package with its test extras.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || [ ! -d /usr/share/fonts/truetype/liberation2 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-calc libreoffice-writer poppler-utils fonts-liberation fonts-liberation2 fonts-dejavu-core >/dev/null
fi
python -m pip install -q --upgrade pip >/dev/null
python -m pip install -q -e ".[test]"

#!/usr/bin/env bash
# Builds everything and runs the whole test suite with ctest.
#   scripts/test.sh            all tests
#   scripts/test.sh -R Saga    ctest arguments pass through
set -euo pipefail
source "$(dirname "$0")/lib.sh"
oms_install_packages
oms_build
cd "$OMS_BUILD"
export QT_QPA_PLATFORM=offscreen
ctest --output-on-failure --timeout 300 -j "${OMS_TEST_JOBS:-2}" "$@"

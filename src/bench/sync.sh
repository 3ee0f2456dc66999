#!/usr/bin/env bash
# How closely do real Chromium followers track the host of a room through this service (sync error
# per phase, settle time after each host action)? Runs the browser sync test (a host and three
# followers in headless Chromium, about two minutes) and writes docs/sync.md and docs/sync-error.png.
# Needs: chromium, chromium-driver, ffmpeg (apt-get install -y chromium chromium-driver ffmpeg).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q test -Dtest=BrowserSyncTest -Dsync.report.dir=docs -Dsurefire.failIfNoSpecifiedTests=false

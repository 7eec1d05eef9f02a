#!/usr/bin/env bash
# Regenerates every screenshot in this folder, light and dark: the ScreenshotTour walks the real app headless
# (Monocle) over a seeded embedded database and a local fake OpenAI. Takes about three minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B verify -Pscreenshots -pl app -am

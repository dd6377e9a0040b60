#!/bin/sh
# Rebuild dashboard/assets/vendor/plotly-dashboard.min.js (needs node and npm; not part of set-up,
# the built file is committed). Keep the plotly.js version equal to the one in the plotly
# Python package (python -c "import plotly.offline as o; print(o.get_plotlyjs_version())"):
# a test checks it, because figures are written by that package.
set -eu
cd "$(dirname "$0")"
npm install --no-audit --no-fund --silent
npx esbuild entry.js --bundle --minify --format=iife --target=es2018 --legal-comments=none \
    --loader:.css=empty --define:global=window \
    --banner:js="/* plotly.js v$(node -p "require('plotly.js/package.json').version") (MIT): core, bar, choropleth */" \
    --outfile=../../assets/vendor/plotly-dashboard.min.js

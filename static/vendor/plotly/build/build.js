// Builds plotly.js with only the trace types the dashboards draw (`make vendor-plotly`):
// the core (which always holds scatter) plus TRACES, minified with esbuild into
// static/vendor/plotly/plotly-foundry.min.js, and the registered types into traces.json there
// (tests/test_plotly_bundle.py checks every figure the dashboards make against it).
// Versions are pinned by package.json and package-lock.json (npm ci): the same input gives
// the same file, so its content hash (the URL's ?v=) changes only when plotly.js does.
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

// figures.py: go.Bar (add_bar), go.Scatter (add_scatter), go.Box, go.Heatmap.
const TRACES = ['bar', 'box', 'heatmap'];
const OUT = path.resolve(__dirname, '..');
const version = require('plotly.js/package.json').version;

const entry = [
  "var Plotly = require('plotly.js/lib/core');",
  'Plotly.register([',
  TRACES.map((name) => `  require('plotly.js/lib/${name}')`).join(',\n'),
  ']);',
  'module.exports = Plotly;'
].join('\n');

const banner = `/**
* plotly.js v${version}, Talent Foundry's partial bundle: ${['scatter'].concat(TRACES).join(', ')}
* (static/vendor/plotly/build/build.js)
* Copyright 2012-2026, Plotly, Inc. All rights reserved.
* Licensed under the MIT license (see LICENSE)
*/`;

esbuild.build({
  stdin: { contents: entry, resolveDir: __dirname, sourcefile: 'plotly-foundry.js' },
  outfile: path.join(OUT, 'plotly-foundry.min.js'),
  // the settings of plotly.js's own esbuild-config.js (no glsl or CSS: no WebGL or map traces)
  format: 'iife',
  globalName: 'Plotly',
  bundle: true,
  minify: true,
  legalComments: 'eof',
  banner: { js: banner },
  alias: { stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
  target: 'es2016',
  // plotly.js's core imports maplibre's stylesheet (for map traces only): not written out
  loader: { '.css': 'empty' },
  logLevel: 'info'
}).then(() => {
  const types = ['scatter'].concat(TRACES).sort();
  fs.writeFileSync(path.join(OUT, 'traces.json'),
                   JSON.stringify({ 'plotly.js': version, traces: types }, null, 2) + '\n');
}).catch(() => process.exit(1));

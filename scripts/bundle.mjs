// Bundles the CLI into one CommonJS file for the single-file executables (scripts/package).
// Optional modules (ssh2's native sshcrypto, cpu-features, ws/debug/node-fetch extras) are replaced
// by modules that throw on load: their users fall back without them, and a SEA cannot load files from disk.
import process from 'node:process';
import { build } from 'esbuild';

const [outfile] = process.argv.slice(2);
const stubNative = {
  name: 'stub-native-addons',
  setup(b) {
    b.onResolve({ filter: /(\.node$|^(cpu-features|bufferutil|utf-8-validate|supports-color|encoding)$)/ }, (args) => ({ path: args.path, namespace: 'native-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'native-stub' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`native addon ${args.path} is not part of the rke-ts executable`)});`,
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile,
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
  plugins: [stubNative],
});

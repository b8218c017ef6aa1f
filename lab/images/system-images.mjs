#!/usr/bin/env node
// Prints `<key> <image>` for each system image of a Kubernetes version in the built-in version table
// (src/versions/data/rke-v1.8.json plus rke-ts's own versions in rke-ts-extensions.json, KDM layout;
// camelCase keys). The lab tags its locally built images with exactly these names.
//   usage: system-images.mjs [VERSION]
// VERSION: a table key (v1.33.13-rancher1-1), or an upstream version (v1.33.13) meaning the newest
// table key of that release; default $LAB_K8S_VERSION, else RKEDefaultK8sVersions.default.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '../../src/versions/data');
const read = (name) => JSON.parse(readFileSync(path.join(dataDir, name), 'utf8'));
const data = read('rke-v1.8.json');
const systemImages = { ...data.K8sVersionRKESystemImages, ...read('rke-ts-extensions.json').K8sVersionRKESystemImages };

/** `v1.32.13-rancher1-2` → [1, 32, 13, 1, 2]: enough to order the builds of one upstream release. */
const numbers = (tag) => tag.match(/\d+/g).map(Number);
const newer = (a, b) => {
  const [x, y] = [numbers(a), numbers(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

let version = process.argv[2] || process.env.LAB_K8S_VERSION || data.RKEDefaultK8sVersions?.default;
if (/^v\d+\.\d+\.\d+$/.test(version)) {
  const builds = Object.keys(systemImages).filter((key) => key.startsWith(`${version}-`)).sort(newer);
  if (builds.length > 0) version = builds[builds.length - 1];
}
const images = systemImages[version];
if (!images) {
  process.stderr.write(`system-images: no system images for ${version} in ${dataDir}\n`);
  process.exit(1);
}
process.stdout.write(`version ${version}\n`);
for (const [key, image] of Object.entries(images)) if (image) process.stdout.write(`${key} ${image}\n`);

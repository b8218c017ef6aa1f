#!/usr/bin/env node
// Prints `<key> <image>` for each system image of a Kubernetes version in the version table
// (src/versions/data/rke-v1.8.json, KDM layout; camelCase keys). Default: RKEDefaultK8sVersions.default,
// or $LAB_K8S_VERSION. The lab tags its locally built images with exactly these names.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataFile = path.join(here, '../../src/versions/data/rke-v1.8.json');
const data = JSON.parse(readFileSync(dataFile, 'utf8'));
const version = process.argv[2] || process.env.LAB_K8S_VERSION || data.RKEDefaultK8sVersions?.default;
const images = data.K8sVersionRKESystemImages?.[version];
if (!images) {
  process.stderr.write(`system-images: no system images for ${version} in ${dataFile}\n`);
  process.exit(1);
}
process.stdout.write(`version ${version}\n`);
for (const [key, image] of Object.entries(images)) if (image) process.stdout.write(`${key} ${image}\n`);

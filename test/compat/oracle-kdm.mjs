#!/usr/bin/env node
/**
 * Writes the KDM data.json the RKE1 oracle runs with (RANCHER_METADATA_URL), so that RKE1 and rke-ts
 * pick the same Kubernetes version, system images, service options and addon template names.
 *
 *   node test/compat/oracle-kdm.mjs [out] (default /var/cache/rke-ts/rke1/oracle-data.json)
 *
 * Inputs (none is committed from RKE1/KDM; the two template sources live outside the repository):
 *   - rke-ts's own table src/versions/data/rke-v1.8.json (versions, images, options, template ranges);
 *   - ORACLE_KDM_TEXTS (default /var/cache/rke-ts/rke1/kdm-serve/data.json): the KDM data.json built
 *     with RKE1 (build-rke1.md), whose `templateKeys` hold the addon template texts of KDM dev-v2.10;
 *   - ORACLE_TEMPLATES (default /var/cache/rke-ts/rke1/templates/): extra template texts, one file per
 *     template name, for templates newer than dev-v2.10 (flannel-v0.28.1 and
 *     nginxingress-v1.14.3-rancher1, rebuilt for the addon oracle, test/fixtures/addons/rke1-oracle).
 *
 * Why a variant is needed at all: rke-v1.8.json carries no template texts (RKE1 renders addons from
 * them), and its default version v1.32.13-rancher1-2 is the only one the lab has images for. RKE1
 * v1.7.0 accepts it as is: its min-version filter reads K8sVersionInfo by *full* version only (the
 * `v1.32` entry with minRKEVersion 1.8.0-rc0 is consulted for maxRKEVersion, which it does not set).
 * The script checks that instead of assuming it (see `checkAccepted`).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import process from 'node:process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = process.argv[2] ?? '/var/cache/rke-ts/rke1/oracle-data.json';
const textsPath = process.env.ORACLE_KDM_TEXTS ?? '/var/cache/rke-ts/rke1/kdm-serve/data.json';
const templatesDir = process.env.ORACLE_TEMPLATES ?? '/var/cache/rke-ts/rke1/templates';
const RKE1_VERSION = process.env.ORACLE_RKE1_VERSION ?? '1.7.0';

const table = JSON.parse(readFileSync(join(repo, 'src/versions/data/rke-v1.8.json'), 'utf8'));
const texts = JSON.parse(readFileSync(textsPath, 'utf8')).K8sVersionedTemplates?.templateKeys ?? {};

const templateKeys = { ...texts };
if (existsSync(templatesDir)) {
  for (const f of readdirSync(templatesDir)) templateKeys[f] = readFileSync(join(templatesDir, f), 'utf8');
}

const { _source, ...kdm } = table;
kdm.K8sVersionedTemplates = { ...kdm.K8sVersionedTemplates, templateKeys };
const version = kdm.RKEDefaultK8sVersions.default;

/** Compares dotted versions the way go-version does for these plain x.y.z[-rcN] strings. */
function lessThan(a, b) {
  const parts = (v) => v.replace(/^v/, '').split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y;
    return String(x) < String(y);
  }
  return false;
}

function checkAccepted() {
  const exact = kdm.K8sVersionInfo[version];
  if (exact?.minRKEVersion && lessThan(RKE1_VERSION, exact.minRKEVersion)) {
    throw new Error(`RKE1 ${RKE1_VERSION} would drop ${version} (minRKEVersion ${exact.minRKEVersion})`);
  }
  const minor = kdm.K8sVersionInfo[version.split('.').slice(0, 2).join('.')];
  if (minor?.maxRKEVersion && lessThan(minor.maxRKEVersion, RKE1_VERSION)) {
    throw new Error(`RKE1 ${RKE1_VERSION} would not list ${version} as current (maxRKEVersion ${minor.maxRKEVersion})`);
  }
}

/** Template names the ranges select for `version`, for the addons a lab cluster deploys. */
function selectedTemplates() {
  const v = version.replace(/^v/, '');
  const missing = [];
  for (const addon of ['flannel', 'coreDNS', 'metricsServer', 'nodelocal', 'nginxIngress']) {
    for (const [range, name] of Object.entries(kdm.K8sVersionedTemplates[addon] ?? {})) {
      const ok = range.trim().split(/\s+(?=[<>])/).every((cond) => {
        const m = /^([<>]=?)\s*(\S+)$/.exec(cond.trim());
        if (!m) return false;
        const [, op, bound] = m;
        const lt = lessThan(v, bound);
        const eq = !lt && !lessThan(bound, v);
        return op === '<' ? lt : op === '<=' ? lt || eq : op === '>' ? !lt && !eq : !lt;
      });
      if (ok && !templateKeys[name]) missing.push(`${addon}: ${name}`);
    }
  }
  if (missing.length) throw new Error(`no template text for ${missing.join(', ')} (put it in ${templatesDir}/<name>)`);
}

checkAccepted();
selectedTemplates();
writeFileSync(out, JSON.stringify(kdm));
process.stdout.write(`oracle-kdm: wrote ${out} (default ${version}, ${Object.keys(templateKeys).length} template texts)\n`);

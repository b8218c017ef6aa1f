/**
 * The addon work of one `rke up`, in RKE1's order (cluster/cluster.go ConfigureCluster →
 * deployNetworkPlugin, deployK8sAddOns (DNS, nodelocal, metrics, ingress), deployUserAddOns).
 * Pure: renders every manifest and says what to deploy, what to remove and how failures count.
 */
import { RkeError } from '../errors.js';
import { corednsObjects, nodelocalObjects } from './dns/index.js';
import { ingressDeleteAfter, ingressDeleteBefore, ingressNginxObjects } from './ingress-nginx.js';
import { AddonNotImplementedError, systemImage, type AddonRenderInput } from './input.js';
import { ADDON_RESOURCES } from './job.js';
import { toManifest, type K8sObject } from './manifest.js';
import { metricsServerObjects } from './metrics-server.js';
import { networkPluginManifest } from './network/index.js';
import { includedAddonsManifest, type IncludedAddon } from './user.js';

export type AddonKind = 'network' | 'dns' | 'nodelocal' | 'metrics' | 'ingress' | 'user' | 'userIncludes';

/** An object to delete if it exists (RKE1's DeleteK8sJobIfExists / DeleteServiceIfExists / ...). */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface DeployStep {
  action: 'deploy';
  kind: AddonKind;
  /** ConfigMap and job base name, e.g. rke-network-plugin. */
  resource: string;
  manifest: string;
  /** RKE1's addonError.isCritical: a failed deploy fails `rke up` (else it is logged as a warning). */
  critical: boolean;
  /** Log line RKE1 prints before deploying, e.g. `[addons] Setting up coredns`. */
  startMessage: string;
  /** Log lines RKE1 prints after a successful deploy. */
  doneMessages: string[];
  /** Objects deleted before the deploy job runs (ingress admission jobs). */
  deleteBefore?: ObjectRef[];
  /** Objects deleted after a successful deploy (ingress default backend when disabled). */
  deleteAfter?: ObjectRef[];
  deleteBeforeMessage?: string;
  deleteAfterMessage?: string;
}

/** Remove a previously deployed addon when its deploy job exists (RKE1 doAddonDelete; never critical). */
export interface RemoveStep {
  action: 'remove';
  kind: AddonKind;
  resource: string;
  startMessage: string;
  doneMessage: string;
  /** Logged when there is nothing to remove (no deploy job). */
  absentMessage?: string;
}

/** Nothing to do but log (network plugin `none`). */
export interface LogStep {
  action: 'log';
  kind: AddonKind;
  message: string;
}

/**
 * The addon could not be rendered. RKE1 logs a template error as a warning and goes on (it is not
 * an addonError), so this is never critical either.
 */
export interface RenderErrorStep {
  action: 'renderError';
  kind: AddonKind;
  resource: string;
  error: Error;
  /** Only for a network plugin rke-ts cannot render yet (AddonNotImplementedError). */
  critical: boolean;
  /** The warning RKE1 prints, e.g. `Failed to deploy addon execute job [rke-network-plugin]: ...`. */
  warning: string;
}

export type AddonStep = DeployStep | RemoveStep | LogStep | RenderErrorStep;

export interface AddonStepsOptions {
  /** `addons_include` entries already read (files) or fetched (URLs), in config order. */
  includedAddons?: readonly IncludedAddon[];
}

function render(
  kind: AddonKind,
  resource: string,
  warningPrefix: string,
  build: () => Omit<DeployStep, 'action' | 'kind' | 'resource'>,
): DeployStep | RenderErrorStep {
  try {
    return { action: 'deploy', kind, resource, ...build() };
  } catch (err) {
    if (!(err instanceof RkeError)) throw err;
    const critical = kind === 'network' && err instanceof AddonNotImplementedError;
    return { action: 'renderError', kind, resource, error: err, critical, warning: `${warningPrefix}: ${err.message}` };
  }
}

const manifestOf = (objects: K8sObject[]): string => toManifest(objects);

function networkSteps(input: AddonRenderInput): AddonStep[] {
  const plugin = input.config.network?.plugin ?? '';
  const resource = ADDON_RESOURCES.network;
  if (plugin === 'none') return [{ action: 'log', kind: 'network', message: '[network] Not deploying a cluster network, expecting custom CNI' }];
  return [
    render('network', resource, `Failed to deploy addon execute job [${resource}]`, () => {
      return {
        manifest: networkPluginManifest(input) ?? '',
        critical: true,
        startMessage: `[network] Setting up network plugin: ${plugin}`,
        doneMessages: [],
      };
    }),
  ];
}

const DNS_PROVIDERS = ['kube-dns', 'coredns'] as const;
const dnsResource = (provider: string): string => `rke-${provider}-addon`;

function dnsSteps(input: AddonRenderInput): AddonStep[] {
  const provider = input.config.dns?.provider ?? '';
  const steps: AddonStep[] = [];
  for (const other of DNS_PROVIDERS) {
    if (other.toLowerCase() === provider.toLowerCase()) continue;
    steps.push({
      action: 'remove',
      kind: 'dns',
      resource: dnsResource(other),
      startMessage: `[dns] removing DNS provider ${other}`,
      doneMessage: `[dns] DNS provider ${other} removed successfully`,
    });
  }
  if (provider === 'none') return steps;
  if (provider === 'coredns') {
    const resource = ADDON_RESOURCES.coredns;
    steps.push(
      render('dns', resource, `Failed to deploy addon execute job [${resource}]`, () => ({
        manifest: manifestOf(corednsObjects(input)),
        critical: true,
        startMessage: `[addons] Setting up ${provider}`,
        doneMessages: ['[addons] CoreDNS deployed successfully', `[dns] DNS provider ${provider} deployed successfully`],
      })),
    );
  } else if (provider === 'kube-dns') {
    steps.push({
      action: 'renderError',
      kind: 'dns',
      resource: ADDON_RESOURCES.kubeDns,
      error: new RkeError('DNS provider kube-dns is not implemented by rke-ts', { key: 'dns.provider' }),
      critical: false,
      warning: `Failed to deploy addon execute job [${ADDON_RESOURCES.kubeDns}]: DNS provider kube-dns is not implemented by rke-ts`,
    });
  } else {
    return [...steps, { action: 'log', kind: 'dns', message: `[dns] No valid DNS provider configured: ${provider}` }];
  }
  steps.push(...nodelocalSteps(input));
  return steps;
}

function nodelocalSteps(input: AddonRenderInput): AddonStep[] {
  const nodelocal = input.config.dns?.nodelocal;
  const resource = ADDON_RESOURCES.nodelocal;
  if (!nodelocal) {
    return [
      {
        action: 'remove',
        kind: 'nodelocal',
        resource,
        startMessage: '[dns] removing nodelocal',
        doneMessage: '[dns] nodelocal removed successfully',
      },
    ];
  }
  if (!nodelocal.ip_address) return [];
  return [
    render('nodelocal', resource, `Failed to deploy addon execute job [${resource}]`, () => ({
      manifest: manifestOf(nodelocalObjects(input)),
      critical: true,
      startMessage: '[dns] Setting up nodelocal',
      doneMessages: ['[dns] nodelocal deployed successfully'],
    })),
  ];
}

function metricsSteps(input: AddonRenderInput): AddonStep[] {
  const resource = ADDON_RESOURCES.metrics;
  if (input.config.monitoring?.provider === 'none') {
    return [
      {
        action: 'remove',
        kind: 'metrics',
        resource,
        startMessage: '[ingress] Removing installed metrics server',
        doneMessage: '[ingress] Metrics server removed successfully',
        absentMessage: '[ingress] Metrics Server is disabled, skipping Metrics server installation',
      },
    ];
  }
  return [
    render('metrics', resource, `Failed to deploy addon execute job [${resource}]`, () => ({
      manifest: manifestOf(metricsServerObjects(input)),
      critical: true,
      startMessage: '[addons] Setting up Metrics Server',
      doneMessages: ['[addons] Metrics Server deployed successfully'],
    })),
  ];
}

function ingressSteps(input: AddonRenderInput): AddonStep[] {
  const resource = ADDON_RESOURCES.ingress;
  const ingress = input.config.ingress ?? {};
  const provider = ingress.provider ?? '';
  if (provider === 'none') {
    return [
      {
        action: 'remove',
        kind: 'ingress',
        resource,
        startMessage: '[ingress] removing installed ingress controller',
        doneMessage: '[ingress] ingress controller removed successfully',
        absentMessage: '[ingress] ingress controller is disabled, skipping ingress controller',
      },
    ];
  }
  return [
    render('ingress', resource, `Failed to deploy addon execute job [${resource}]`, () => {
      const image = systemImage(input, 'ingress');
      return {
        manifest: manifestOf(ingressNginxObjects(input)),
        critical: true,
        startMessage: `[ingress] Setting up ${provider} ingress controller`,
        doneMessages: [`[ingress] ingress controller ${provider} deployed successfully`],
        deleteBefore: ingressDeleteBefore(image),
        deleteBeforeMessage: '[ingress] removing admission batch jobs if they exist',
        deleteAfter: ingressDeleteAfter(ingress),
        deleteAfterMessage: '[ingress] removing default backend service and deployment if they exist',
      };
    }),
  ];
}

function userSteps(input: AddonRenderInput, options: AddonStepsOptions): AddonStep[] {
  const steps: AddonStep[] = [{ action: 'log', kind: 'user', message: '[addons] Setting up user addons' }];
  const inline = input.config.addons ?? '';
  if (inline !== '') {
    steps.push({
      action: 'deploy',
      kind: 'user',
      resource: ADDON_RESOURCES.user,
      manifest: inline,
      critical: false,
      startMessage: '',
      doneMessages: [],
    });
  } else {
    steps.push({
      action: 'remove',
      kind: 'user',
      resource: ADDON_RESOURCES.user,
      startMessage: '[addons] Removing user addons',
      doneMessage: '[addons] User addons removed successfully',
    });
  }
  const includes = input.config.addons_include ?? [];
  if (includes.length > 0) {
    steps.push({
      action: 'deploy',
      kind: 'userIncludes',
      resource: ADDON_RESOURCES.userIncludes,
      manifest: includedAddonsManifest(options.includedAddons ?? []),
      critical: false,
      startMessage: `[addons] Deploying ${ADDON_RESOURCES.userIncludes}`,
      doneMessages: [],
    });
  } else {
    steps.push({ action: 'remove', kind: 'userIncludes', resource: ADDON_RESOURCES.userIncludes, startMessage: '', doneMessage: '' });
  }
  const message = inline === '' && includes.length === 0 ? '[addons] no user addons defined' : '[addons] User addons deployed successfully';
  steps.push({ action: 'log', kind: 'user', message });
  return steps;
}

/** Every addon step of `rke up`, in RKE1's order. */
export function addonSteps(input: AddonRenderInput, options: AddonStepsOptions = {}): AddonStep[] {
  return [...networkSteps(input), ...dnsSteps(input), ...metricsSteps(input), ...ingressSteps(input), ...userSteps(input, options)];
}

/** DNS addons (RKE1 cluster/addons.go deployDNS). */
export { corednsObjects, corefile, linearAutoscalerParamsJson } from './coredns.js';
export { nodelocalCorefile, nodelocalObjects } from './nodelocal.js';

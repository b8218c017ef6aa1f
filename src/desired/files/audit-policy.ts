/**
 * /etc/kubernetes/audit-policy.yaml: the audit.k8s.io/v1 Policy from cluster.yml (or RKE1's default:
 * one rule at level Metadata), after Go's typed JSON round trip (unknown keys dropped, ObjectMeta's
 * `creationTimestamp: null` added), marshalled by sigs.k8s.io/yaml.
 */
import { marshalYamlV2 } from '../../gotemplate/goyaml.js';
import { normalizeAuditPolicy } from '../../config/audit-policy.js';
import { defaultAuditPolicy } from '../../config/constants.js';

export const AUDIT_POLICY_PATH = '/etc/kubernetes/audit-policy.yaml';

export function auditPolicyYaml(policy: unknown): string {
  return marshalYamlV2(normalizeAuditPolicy(policy ?? defaultAuditPolicy()));
}

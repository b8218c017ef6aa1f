/** FIPS mode (docs/security/fips.md): policy, checks, SSH and service-option adaptations. */
export * from './policy.js';
export { enableFipsMode, fipsModeEnabled, nodeFipsStatus, type NodeFipsStatus } from './mode.js';
export { fipsViolations, assertFipsCompliant, FipsError, type FipsViolation, type FipsCheckInput, type SshKeyUse, type CertificateUse } from './check.js';
export { certificateProblems, certificateAlgorithms, privateKeyPemProblem, keyObjectProblem, type CertificateAlgorithms } from './certificates.js';
export { fipsServiceOptions, FIPS_ETCD_CIPHER_SUITES } from './service-options.js';
export { fipsSshAlgorithms, fipsSshSession, sshKeyFacts, assertFipsSshKey, rsaBitsOfSshBlob, FipsFilteringAgent } from './ssh.js';
export { checkClusterFips, sshKeySources, type ClusterFipsCheckOptions } from './cluster-check.js';

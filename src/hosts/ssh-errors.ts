/**
 * SSH and forwarding failures, worded like RKE1 (hosts/dialer.go) so users' searches for RKE1
 * messages keep finding answers, plus the user name and key that RKE1 leaves out.
 */
import { HostError } from '../errors.js';

export interface SshTargetDescription {
  /** `address:port` */
  target: string;
  user: string;
  /** Key file, "inline ssh_key of …", or "ssh-agent at <socket>". */
  credential: string;
  /** `address:port` of the bastion the connection went through, if any. */
  via?: string;
}

function suffix(d: SshTargetDescription): string {
  return ` (user [${d.user}], ${d.credential}${d.via ? `, through bastion host [${d.via}]` : ''})`;
}

/** An error from ssh2 while connecting or authenticating to `d.target`. */
export function translateSshError(err: unknown, d: SshTargetDescription): HostError {
  const e = err as Error & { level?: string; code?: string };
  const msg = e?.message ?? String(err);
  const subject = { host: d.target };
  if (e?.level === 'client-authentication' || /authentication methods failed/i.test(msg)) {
    return new HostError(
      `Unable to access node with address [${d.target}] using SSH. Please check if you are able to SSH to the node ` +
        `using the specified SSH Private Key and if you have configured the correct SSH username. Error: ${msg}${suffix(d)}`,
      subject,
      { cause: err },
    );
  }
  if (e?.level === 'client-timeout' || /timed out/i.test(msg) || e?.code === 'ETIMEDOUT') {
    return new HostError(
      `Unable to access node with address [${d.target}] using SSH. Please check if the node is up and is accepting SSH ` +
        `connections or check network policies and firewall rules. Error: ${msg}${suffix(d)}`,
      subject,
      { cause: err },
    );
  }
  return new HostError(`Failed to dial ssh using address [${d.target}]: ${msg}${suffix(d)}`, subject, { cause: err });
}

const OPEN_FAILURE_REASONS: Record<number, string> = {
  1: 'administratively prohibited',
  2: 'connect failed',
  3: 'unknown channel type',
  4: 'resource shortage',
};

/** ssh2's channel-open failure in the words Go's x/crypto/ssh (and so RKE1) uses: `ssh: rejected: connect failed (open failed)`. */
export function describeOpenFailure(err: unknown): string {
  const e = err as { reason?: unknown; message?: string };
  const reason = typeof e?.reason === 'number' ? OPEN_FAILURE_REASONS[e.reason] : undefined;
  const message = (e?.message ?? String(err)).replace(/^\(SSH\) Channel open failure: /, '');
  return reason ? `ssh: rejected: ${reason} (${message})` : message;
}

/**
 * A failure to open a forwarded channel (the Docker socket, or a TCP address for health checks)
 * on `target`. OpenSSH answers "connect failed" when the socket exists but the user may not open
 * it (not in the docker group) or nothing listens; "administratively prohibited" when sshd
 * forbids forwarding (AllowStreamLocalForwarding/AllowTcpForwarding no, or policy).
 */
export function translateForwardError(err: unknown, target: string, remote: string, user: string): HostError {
  const detail = describeOpenFailure(err);
  const subject = { host: target };
  const reason = (err as { reason?: unknown })?.reason;
  const isSocket = remote.startsWith('/');
  if (reason === 1) {
    return new HostError(
      isSocket
        ? `Unable to access the Docker socket (${remote}). Please check if the configured user can execute \`docker ps\` ` +
            `on the node, and if the SSH server version is at least version 6.7 or higher. If you are using RedHat/CentOS, ` +
            `you can't use the user \`root\`. Please refer to the documentation for more instructions. ` +
            `Error: ${detail} (host [${target}], user [${user}]; sshd refused the forward: check AllowStreamLocalForwarding)`
        : `Failed to dial to ${remote}: ${detail} (host [${target}], user [${user}]; sshd refused the forward: check AllowTcpForwarding)`,
      subject,
      { cause: err },
    );
  }
  if (reason === 2) {
    // OpenSSH ≥ 7 answers "connect failed (open failed)" both when the user may not open the
    // socket and when sshd forbids the forward, so the hint names every usual cause.
    const hint = isSocket
      ? `is dockerd running on the node, may user [${user}] use ${remote} (member of the docker group), and does sshd allow it (AllowStreamLocalForwarding)?`
      : 'is the service listening on the node, and does sshd allow it (AllowTcpForwarding)?';
    return new HostError(
      `Unable to access the service on ${remote}. The service might be still starting up. Error: ${detail} ` +
        `(host [${target}], user [${user}]: ${hint})`,
      subject,
      { cause: err },
    );
  }
  return new HostError(`Failed to dial to ${remote}: ${detail} (host [${target}], user [${user}])`, subject, { cause: err });
}

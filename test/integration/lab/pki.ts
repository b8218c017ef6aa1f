/** Test PKI made with the openssl CLI: a CA and certificates with IP SANs. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CertPair {
  cert: string;
  key: string;
}

export class TestPki {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'lab-pki-'));
  readonly ca: CertPair;

  constructor() {
    this.openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=lab-test-ca',
      '-keyout', this.file('ca-key.pem'), '-out', this.file('ca.pem')]);
    this.ca = this.read('ca');
  }

  /** A certificate for server and client auth, signed by the CA. */
  issue(name: string, subject: string, ips: string[] = [], dns: string[] = []): CertPair {
    const san = [...ips.map((ip) => `IP:${ip}`), ...dns.map((d) => `DNS:${d}`)].join(',');
    const ext = [
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      ...(san ? [`subjectAltName=${san}`] : []),
    ].join('\n');
    writeFileSync(this.file(`${name}.ext`), ext + '\n');
    this.openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject,
      '-keyout', this.file(`${name}-key.pem`), '-out', this.file(`${name}.csr`)]);
    this.openssl(['x509', '-req', '-in', this.file(`${name}.csr`), '-CA', this.file('ca.pem'),
      '-CAkey', this.file('ca-key.pem'), '-CAcreateserial', '-days', '2',
      '-extfile', this.file(`${name}.ext`), '-out', this.file(`${name}.pem`)]);
    return this.read(name);
  }

  /** An RSA key pair (PEM private key, PEM public key), e.g. for service-account tokens. */
  keyPair(name: string): CertPair {
    this.openssl(['genrsa', '-out', this.file(`${name}-key.pem`), '2048']);
    this.openssl(['rsa', '-in', this.file(`${name}-key.pem`), '-pubout', '-out', this.file(`${name}.pem`)]);
    return this.read(name);
  }

  private read(name: string): CertPair {
    return { cert: readFileSync(this.file(`${name}.pem`), 'utf8'), key: readFileSync(this.file(`${name}-key.pem`), 'utf8') };
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  }
}

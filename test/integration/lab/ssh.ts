/** Minimal SSH helper for the lab tests (ssh2): run a command on a node, optionally feeding stdin. */
import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export class NodeShell {
  private constructor(private readonly client: Client, readonly host: string) {}

  static connect(host: string, privateKeyPath: string, timeoutMs = 20_000): Promise<NodeShell> {
    const client = new Client();
    return new Promise((resolve, reject) => {
      client
        .on('ready', () => resolve(new NodeShell(client, host)))
        .on('error', (err) => reject(new Error(`ssh ${host}: ${err.message}`)))
        .connect({ host, port: 22, username: 'root', privateKey: readFileSync(privateKeyPath), readyTimeout: timeoutMs });
    });
  }

  exec(command: string, stdin?: string | Buffer): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, stream) => {
        if (err) return reject(err);
        let stdout = '';
        let stderr = '';
        stream.on('data', (d: Buffer) => (stdout += d.toString()));
        stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        stream.on('close', (code: number | null) => resolve({ stdout, stderr, code }));
        if (stdin !== undefined) stream.end(stdin);
        else stream.end();
      });
    });
  }

  /** Runs a command and fails with its output unless it exits 0. */
  async run(command: string, stdin?: string | Buffer): Promise<string> {
    const r = await this.exec(command, stdin);
    if (r.code !== 0) throw new Error(`${this.host}: \`${command}\` exited ${r.code}: ${r.stderr || r.stdout}`);
    return r.stdout;
  }

  async upload(path: string, content: string | Buffer, mode = '600'): Promise<void> {
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    await this.run(`mkdir -p '${dir}' && cat > '${path}' && chmod ${mode} '${path}'`, content);
  }

  close(): void {
    this.client.end();
  }
}

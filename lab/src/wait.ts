/** Waiting for a lab node's sshd. */
import net from 'node:net';

/** Resolves once host:port sends an SSH banner; rejects after timeoutMs. */
export async function waitForSshBanner(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      await readBanner(host, port, 2000);
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`sshd on ${host}:${port} not ready after ${timeoutMs} ms: ${lastError}`);
}

function readBanner(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => finish(new Error('timeout')), timeoutMs);
    let data = '';
    function finish(err?: Error): void {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    }
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (data.startsWith('SSH-')) finish();
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error('closed before banner')));
  });
}

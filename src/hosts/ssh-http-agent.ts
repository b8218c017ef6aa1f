/**
 * An http.Agent whose connections are SSH channels (streamlocal forwards to the node's Docker
 * socket). Node's http client expects net.Socket methods on a connection; an ssh2 channel is a
 * plain Duplex, so the few it calls are added here. Keep-alive reuses channels between calls.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { inspect } from 'node:util';

type SocketLike = Duplex & {
  setTimeout(ms: number, cb?: () => void): SocketLike;
  setNoDelay(): SocketLike;
  setKeepAlive(): SocketLike;
  ref(): SocketLike;
  unref(): SocketLike;
};

/** Adds the net.Socket methods http uses; `setTimeout` is a real idle timer. */
export function asSocket(stream: Duplex): SocketLike {
  const s = stream as SocketLike;
  let timer: NodeJS.Timeout | undefined;
  let idleMs = 0;
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = idleMs > 0 ? setTimeout(() => s.emit('timeout'), idleMs) : undefined;
    timer?.unref();
  };
  s.setTimeout = (ms: number, cb?: () => void) => {
    idleMs = ms;
    if (cb) s.once('timeout', cb);
    arm();
    return s;
  };
  s.on('data', () => {
    if (idleMs > 0) arm();
  });
  s.once('close', () => {
    if (timer) clearTimeout(timer);
  });
  s.setNoDelay = () => s;
  s.setKeepAlive = () => s;
  s.ref = () => s;
  s.unref = () => s;
  return s;
}

export class StreamHttpAgent extends http.Agent {
  constructor(private readonly open: () => Promise<Duplex>) {
    super({ keepAlive: true, maxSockets: 32, maxFreeSockets: 4 });
  }

  // http.Agent calls createConnection(options, callback) and waits for the callback when nothing is returned.
  override createConnection(_options: unknown, callback: (err: Error | null, socket?: Duplex) => void): undefined {
    this.open().then(
      (stream) => callback(null, asSocket(stream)),
      (err: Error) => callback(err),
    );
    return undefined;
  }

  /**
   * docker-modem formats every request's options (this agent included) with util.inspect
   * (showHidden, unlimited depth) for its debug log even when that log is off; walking the SSH
   * client behind the pooled channels cost seconds of CPU per `rke plan`. A name is enough.
   */
  [inspect.custom](): string {
    return 'StreamHttpAgent';
  }
}

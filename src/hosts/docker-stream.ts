/**
 * Docker's multiplexed log/attach format (containers without a TTY): frames of an 8-byte header
 * [stream, 0, 0, 0, size uint32 BE] followed by `size` bytes; stream 1 = stdout, 2 = stderr.
 */
export interface DemuxedOutput {
  stdout: Buffer;
  stderr: Buffer;
}

/** Splits a complete multiplexed buffer. A trailing partial frame is kept as far as it goes. */
export function demuxDockerStream(buf: Buffer): DemuxedOutput {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let pos = 0;
  while (pos + 8 <= buf.length) {
    const kind = buf[pos] as number;
    const size = buf.readUInt32BE(pos + 4);
    const payload = buf.subarray(pos + 8, Math.min(buf.length, pos + 8 + size));
    if (kind === 2) err.push(payload);
    else out.push(payload);
    pos += 8 + size;
  }
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}

/** Whether `buf` looks multiplexed (first header byte is 0/1/2 and bytes 1–3 are zero). */
export function looksMultiplexed(buf: Buffer): boolean {
  return buf.length >= 8 && (buf[0] as number) <= 2 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
}

/** Builds a multiplexed stream (used by tests and by anyone replaying output). */
export function muxDockerStream(frames: ReadonlyArray<{ stream: 'stdout' | 'stderr'; data: Buffer }>): Buffer {
  return Buffer.concat(
    frames.flatMap(({ stream, data }) => {
      const h = Buffer.alloc(8);
      h[0] = stream === 'stderr' ? 2 : 1;
      h.writeUInt32BE(data.length, 4);
      return [h, data];
    }),
  );
}

/**
 * Minimal tar (ustar) writer and reader for Docker's archive endpoints (putArchive/getArchive),
 * which only ever carry a few small files here: certificates, kubeconfigs, config files.
 * Writer: regular files and directories, ustar prefix/name split for paths up to 255 bytes and a
 * PAX `path` record beyond. Reader: regular files, directories, symlinks, PAX (`x`) and GNU
 * long-name (`L`) records, which is what dockerd produces.
 */

export interface TarEntry {
  /** Path inside the archive, `/`-separated, no leading `/`. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  /** File content (files only). */
  data?: Buffer;
  /** Permission bits; default 0o644 for files, 0o755 for directories. */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Seconds since the epoch; default 0 (reproducible archives). */
  mtime?: number;
  /** Symlink target (symlinks only). */
  linkName?: string;
}

const BLOCK = 512;

function writeString(header: Buffer, value: string, offset: number, length: number): void {
  header.write(value, offset, Math.min(Buffer.byteLength(value), length), 'utf8');
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  // length-1 octal digits, then NUL.
  const digits = Math.floor(value).toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new Error(`tar: value ${value} does not fit in ${length - 1} octal digits`);
  header.write(digits, offset, length - 1, 'ascii');
  header[offset + length - 1] = 0;
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  return sum;
}

/** Splits a path into ustar (prefix, name) fields, or undefined when it does not fit. */
function splitUstarPath(path: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name.length > 0) return { prefix, name };
  }
  return undefined;
}

function header(fields: { name: string; prefix: string; mode: number; uid: number; gid: number; size: number; mtime: number; typeflag: string; linkName: string }): Buffer {
  const h = Buffer.alloc(BLOCK);
  writeString(h, fields.name, 0, 100);
  writeOctal(h, fields.mode, 100, 8);
  writeOctal(h, fields.uid, 108, 8);
  writeOctal(h, fields.gid, 116, 8);
  writeOctal(h, fields.size, 124, 12);
  writeOctal(h, fields.mtime, 136, 12);
  h.write(fields.typeflag, 156, 1, 'ascii');
  writeString(h, fields.linkName, 157, 100);
  h.write('ustar\u000000', 257, 8, 'ascii');
  writeString(h, fields.prefix, 345, 155);
  const sum = checksum(h);
  h.write(sum.toString(8).padStart(6, '0') + '\u0000 ', 148, 8, 'ascii');
  return h;
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, Buffer.alloc(BLOCK - rest)];
}

function paxRecord(key: string, value: string): string {
  // "<len> key=value\n" where len counts itself.
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

export function packTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const name = e.type === 'directory' && !e.name.endsWith('/') ? `${e.name}/` : e.name;
    const data = e.type === 'file' ? (e.data ?? Buffer.alloc(0)) : Buffer.alloc(0);
    const typeflag = e.type === 'file' ? '0' : e.type === 'directory' ? '5' : '2';
    const common = {
      mode: e.mode ?? (e.type === 'directory' ? 0o755 : e.type === 'symlink' ? 0o777 : 0o644),
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      mtime: e.mtime ?? 0,
    };
    let split = splitUstarPath(name);
    if (!split) {
      const pax = Buffer.from(paxRecord('path', name), 'utf8');
      parts.push(header({ ...common, name: 'PaxHeader', prefix: '', size: pax.length, typeflag: 'x', linkName: '' }), ...padded(pax));
      split = { prefix: '', name: name.slice(0, 100) };
    }
    parts.push(header({ ...common, ...split, size: data.length, typeflag, linkName: e.linkName ?? '' }));
    if (data.length > 0) parts.push(...padded(data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function readString(buf: Buffer, offset: number, length: number): string {
  const slice = buf.subarray(offset, offset + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? slice.length : nul).toString('utf8');
}

function readOctal(buf: Buffer, offset: number, length: number): number {
  const first = buf[offset] as number;
  if (first & 0x80) {
    // GNU base-256 for large values.
    let value = 0;
    for (let i = 1; i < length; i++) value = value * 256 + (buf[offset + i] as number);
    return value;
  }
  const text = readString(buf, offset, length).trim();
  return text ? Number.parseInt(text, 8) : 0;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) break;
    const len = Number.parseInt(data.subarray(pos, space).toString('ascii'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

export function unpackTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let pos = 0;
  let pending: Record<string, string> = {};
  while (pos + BLOCK <= archive.length) {
    const h = archive.subarray(pos, pos + BLOCK);
    if (h.every((b) => b === 0)) break;
    const stored = readOctal(h, 148, 8);
    if (stored !== checksum(h)) throw new Error(`tar: bad header checksum at offset ${pos}`);
    const typeflag = String.fromCharCode(h[156] as number);
    const size = readOctal(h, 124, 12);
    const data = archive.subarray(pos + BLOCK, pos + BLOCK + size);
    if (data.length < size) throw new Error(`tar: truncated entry at offset ${pos}`);
    pos += BLOCK + Math.ceil(size / BLOCK) * BLOCK;

    if (typeflag === 'x') {
      pending = { ...pending, ...parsePax(data) };
      continue;
    }
    if (typeflag === 'g') continue;
    if (typeflag === 'L') {
      pending = { ...pending, path: readString(data, 0, data.length) };
      continue;
    }
    if (typeflag === 'K') {
      pending = { ...pending, linkpath: readString(data, 0, data.length) };
      continue;
    }
    const magic = readString(h, 257, 6);
    const prefix = magic.startsWith('ustar') ? readString(h, 345, 155) : '';
    const baseName = readString(h, 0, 100);
    let name = pending.path ?? (prefix ? `${prefix}/${baseName}` : baseName);
    const linkName = pending.linkpath ?? readString(h, 157, 100);
    pending = {};
    const common = { mode: readOctal(h, 100, 8) & 0o7777, uid: readOctal(h, 108, 8), gid: readOctal(h, 116, 8), mtime: readOctal(h, 136, 12) };
    if (typeflag === '5') {
      name = name.replace(/\/+$/, '');
      entries.push({ name, type: 'directory', ...common });
    } else if (typeflag === '2') {
      entries.push({ name, type: 'symlink', linkName, ...common });
    } else if (typeflag === '0' || typeflag === '\u0000' || typeflag === '7') {
      entries.push({ name, type: 'file', data: Buffer.from(data), ...common });
    }
    // Hard links, devices and FIFOs are skipped: nothing here reads them.
  }
  return entries;
}

/**
 * Just enough of the ZIP format to read an RKE1 snapshot archive (written by Go's archive/zip:
 * stored or deflated entries, data descriptors, zip64 for big files) and to tell a damaged file
 * from a good one. Pure: bytes in, entries or a ZipError out.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX32 = 0xffffffff;

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('zip64 size out of range');
  return Number(v);
}

function findEndOfCentralDirectory(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  throw new ZipError('no end-of-central-directory record: the file is not a zip archive or it is truncated');
}

/** The entries listed in the central directory, checked to lie inside the file. */
export function listZipEntries(buf: Buffer): ZipEntry[] {
  if (buf.length < 22) throw new ZipError(`the file is too short to be a zip archive (${buf.length} bytes)`);
  const eocd = findEndOfCentralDirectory(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === MAX32 || cdOffset === MAX32) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw new ZipError('zip64 end-of-central-directory locator missing');
    const z = u64(buf, loc + 8);
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== ZIP64_EOCD_SIG) throw new ZipError('zip64 end-of-central-directory record missing');
    count = u64(buf, z + 32);
    cdSize = u64(buf, z + 40);
    cdOffset = u64(buf, z + 48);
  }
  if (cdOffset + cdSize > buf.length) throw new ZipError('the central directory lies past the end of the file: the archive is truncated');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIG) throw new ZipError(`central directory entry ${i} is damaged`);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      method: buf.readUInt16LE(p + 10),
      crc32: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    };
    readZip64Extra(buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), entry);
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Fields stored as 0xffffffff in the central directory come, in order, from the zip64 extra field. */
function readZip64Extra(extra: Buffer, e: ZipEntry): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      const take = () => {
        const v = u64(extra, r);
        r += 8;
        return v;
      };
      if (e.size === MAX32) e.size = take();
      if (e.compressedSize === MAX32) e.compressedSize = take();
      if (e.localHeaderOffset === MAX32) e.localHeaderOffset = take();
      return;
    }
    q += 4 + len;
  }
}

/** The uncompressed content of one entry, its size and CRC-32 checked. */
export function readZipEntry(buf: Buffer, e: ZipEntry): Buffer {
  const h = e.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL_SIG) throw new ZipError(`the local header of [${e.name}] is damaged`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + e.compressedSize > buf.length) throw new ZipError(`the data of [${e.name}] runs past the end of the file: the archive is truncated`);
  const raw = buf.subarray(start, start + e.compressedSize);
  let data: Buffer;
  if (e.method === 0) data = Buffer.from(raw);
  else if (e.method === 8) {
    try {
      data = inflateRawSync(raw);
    } catch (err) {
      throw new ZipError(`the data of [${e.name}] does not inflate: ${(err as Error).message}`);
    }
  } else throw new ZipError(`[${e.name}] uses compression method ${e.method}, which RKE archives never use`);
  if (data.length !== e.size) throw new ZipError(`[${e.name}] is ${data.length} bytes, the archive says ${e.size}`);
  if (crc32(data) >>> 0 !== e.crc32 >>> 0) throw new ZipError(`[${e.name}] fails its CRC-32 check: the archive is corrupt`);
  return data;
}

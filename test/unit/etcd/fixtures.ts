/** Test fixtures: an etcd-like snapshot db and a zip writer shaped like Go's archive/zip output. */
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

/** A bbolt-looking database of `pages` 4 KiB pages, with etcd's SHA-256 trailer unless `hashed` is false. */
export function fakeEtcdDb(pages = 3, hashed = true, seed = 1): Buffer {
  const body = Buffer.alloc(pages * 4096);
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + seed) & 0xff;
  body.writeUInt32LE(0xed0cdaed, 16);
  return hashed ? Buffer.concat([body, createHash('sha256').update(body).digest()]) : body;
}

/** A zip of deflated entries with data descriptors (bit 3), as Go's archive/zip writes them. */
export function makeZip(files: { name: string; data: Buffer; store?: boolean }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const method = f.store ? 0 : 8;
    const comp = f.store ? f.data : deflateRawSync(f.data);
    const crc = crc32(f.data) >>> 0;
    const name = Buffer.from(f.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(name.length, 26);
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(crc, 4);
    desc.writeUInt32LE(comp.length, 8);
    desc.writeUInt32LE(f.data.length, 12);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x8, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(comp.length, 20);
    cd.writeUInt32LE(f.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    parts.push(local, name, comp, desc);
    offset += local.length + name.length + comp.length + desc.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, eocd]);
}

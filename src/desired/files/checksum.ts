import { createHash } from 'node:crypto';

/** RKE1 getStringChecksum: lower-case hex md5 of the string's UTF-8 bytes. */
export function md5Hex(content: string): string {
  return createHash('md5').update(content, 'utf8').digest('hex');
}

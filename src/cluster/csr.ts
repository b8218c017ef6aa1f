/** `rke cert generate-csr`: CSRs + keys for every component, for an external CA (consumed by `up --custom-certs`). */
import { loadClusterConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { generateCsrs, pkiInputFromConfig, readCsrsFromDir, writeCertificates } from '../pki/index.js';
import { certificateDirPath } from '../state/index.js';
import { loadVersionTableAsync } from '../versions/index.js';

export async function generateCsrFiles(configPath: string, certDir: string | undefined, log: Logger): Promise<string> {
  const table = await loadVersionTableAsync();
  const { config } = await loadClusterConfig(configPath, { table });
  const dir = certDir || certificateDirPath(configPath);
  const existing = await readCsrsFromDir(dir);
  const csrs = await generateCsrs(pkiInputFromConfig(config), existing, log);
  await writeCertificates(dir, csrs, log);
  log.info(`Successfully Deployed certificates at [${dir}]`);
  return dir;
}

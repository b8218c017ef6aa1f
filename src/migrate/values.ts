/** Small pure helpers the mapping rules share: printable values, redaction, durations. */

const SECRET_FIELD = /(password|secret|token|^ssh_key$|^ssh_cert$|access_key|custom_ca|aadClient)/i;
/** PEM material written inline in cluster.yml (external etcd client credentials). */
const SECRET_PATH = /^services\.etcd\.(key|cert|ca_cert)$/;

/** A value as one line for the assessment; secrets become `<redacted>`. */
export function printable(path: string, value: unknown): string {
  const last = path.split('.').pop() ?? '';
  const secret = SECRET_FIELD.test(last) || SECRET_PATH.test(path);
  if (secret && value !== '' && value !== undefined && typeof value !== 'boolean') return '<redacted>';
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77).replace(/\n/g, ' ')}...` : value.replace(/\n/g, ' ');
  const json = JSON.stringify(value) ?? '';
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Go duration (`12h`, `30m`, `1h30m`) in whole minutes; undefined when it does not parse. */
export function durationMinutes(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 60 : m[2] === 'm' ? n : n / 60;
    consumed += m[0].length;
  }
  return consumed === text.length && text !== '' ? Math.round(total) : undefined;
}

/** A cron schedule firing every `minutes` (hourly granularity when it divides a day in hours). */
export function cronEvery(minutes: number): string | undefined {
  if (minutes <= 0) return undefined;
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    if (hours === 24) return '0 0 * * *';
    if (hours < 24 && 24 % hours === 0) return `0 */${hours} * * *`;
    return undefined;
  }
  if (minutes < 60 && 60 % minutes === 0) return `*/${minutes} * * * *`;
  return undefined;
}

/** Docker bind `src:dst[:opts]` as an RKE2 `*-extra-mount` (`src:dst[:ro]`); SELinux relabel flags have no meaning there. */
export function extraMountFromBind(bind: string): string {
  const [src = '', dst = src, opts = ''] = bind.split(':');
  const ro = opts.split(',').includes('ro');
  return `${src}:${dst}${ro ? ':ro' : ''}`;
}

/** Paths that only exist in RKE1's layout; an arg pointing at one needs a new value on RKE2. */
export function mentionsRke1Path(value: string): boolean {
  return /\/etc\/kubernetes\b|\/opt\/rke\b|\/var\/lib\/rancher\/rke\b|\/var\/log\/kube-audit\b/.test(value);
}

export function yamlList(values: readonly string[]): string {
  return values.join(', ');
}

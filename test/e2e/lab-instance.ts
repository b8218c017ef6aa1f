/**
 * vitest setup for the e2e tier. With E2E_PARALLEL=n (n > 1) vitest runs n test files at once and
 * each worker gets a lab instance of its own (LAB_INSTANCE base + worker number - 1; lab/README.md),
 * so their clusters never meet. Runs before the test file imports lab/src (which reads LAB_INSTANCE).
 */
const parallel = Number(process.env.E2E_PARALLEL ?? '1');
const worker = Number(process.env.VITEST_POOL_ID ?? '1');
if (parallel > 1) {
  const base = Number(process.env.LAB_INSTANCE ?? '0');
  process.env.LAB_INSTANCE = String(base + ((worker - 1) % parallel));
}

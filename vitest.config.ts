import { defineConfig } from 'vitest/config';

// Three tiers (shared/README.md): unit (pure, seconds), integration (real sshd/dockerd/etcd on lab
// nodes), e2e (a real cluster in the lab). `vitest run --project unit` runs one tier.
export default defineConfig({
  test: {
    projects: [
      // Pure, but some tests generate RSA keys: 5 s (vitest's default) is not enough on a loaded CI machine.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
      {
        // Lab tests written but not yet seen passing on the lab (test/e2e-pending/README.md); not in
        // `make ci` until they pass: `npx vitest run --project e2e-pending <file>`.
        test: {
          name: 'e2e-pending',
          include: ['test/e2e-pending/**/*.test.ts'],
          testTimeout: 1_200_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 1_200_000,
          hookTimeout: 900_000,
          // E2E_PARALLEL=n: n files at once, each on its own lab instance (test/e2e/lab-instance.ts)
          setupFiles: ['test/e2e/lab-instance.ts'],
          fileParallelism: Number(process.env.E2E_PARALLEL ?? '1') > 1,
          maxWorkers: Math.max(1, Number(process.env.E2E_PARALLEL ?? '1')),
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

/** The image smoke test: run by scripts/container-check.sh once the image is built (root and podman needed). */
export default defineConfig({
  test: {
    include: ['test/container/image.smoke.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default'],
  },
});

// The container's health check: exits 0 when updoc serve answers PATH (default /healthz) on its own port.
//   node /app/container/healthcheck.mjs [/readyz]
const path = process.argv[2] ?? '/healthz';
const url = `http://127.0.0.1:${process.env.PORT ?? 3000}${path}`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  if (!response.ok) {
    console.error(`${url} answered ${response.status}: ${await response.text()}`);
    process.exit(1);
  }
} catch (error) {
  console.error(`${url}: ${error.cause?.code ?? error.message}`);
  process.exit(1);
}

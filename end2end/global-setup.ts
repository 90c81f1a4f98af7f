// Waits until the server answers its health check, so the first test never races start-up.
export default async function globalSetup(): Promise<void> {
  const base = process.env.MEETPUNT_E2E_BASE_URL ?? "http://127.0.0.1:3000";
  const deadline = Date.now() + 60_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Meetpunt did not become healthy at ${base} within 60 s (${last})`);
}

import { defineConfig } from "@playwright/test";

// The server is started by .ci/test.sh (or by hand) before these tests run.
const baseURL = process.env.MEETPUNT_E2E_BASE_URL ?? "http://127.0.0.1:3000";

// Debian's Chromium, never a downloaded browser. Without the networking flags Chromium keeps
// trying to reach Google's services, which a closed network refuses many times over.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "nl-NL",
    launchOptions,
    trace: "retain-on-failure",
  },
  projects: [
    { name: "javascript", use: { javaScriptEnabled: true } },
    { name: "no-javascript", use: { javaScriptEnabled: false } },
  ],
});

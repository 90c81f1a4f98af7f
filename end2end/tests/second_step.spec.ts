import { expect, test, type Page } from "@playwright/test";
import { submit } from "./fixtures/forms";
import { PortalPage } from "./fixtures/portal_page";
import { stepAt, totp } from "./fixtures/totp";

// A professional sets up signing in with a code from an app (the QR code drawn on the
// server, its key as text), keeps the recovery codes, and signs in with a code and later with
// a recovery code; with and without JavaScript, each page without axe violations at 320 px.
// .ci/test.sh adds one account per browser project (tweestap-<project>@example.org).
const PASSWORD = "meetpunt-demo";

async function password(page: Page, portal: PortalPage, email: string) {
  await portal.open("/inloggen");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(PASSWORD);
  await submit(page, "Inloggen");
}

async function signOut(page: Page) {
  await Promise.all([page.waitForURL(/\/inloggen$/), page.getByRole("main").getByTestId("sign-out").click()]);
}

test("a professional sets up a code from an app and signs in with it", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const email = `tweestap-${testInfo.project.name}@example.org`;
  const portal = new PortalPage(page);
  await page.setViewportSize({ width: 320, height: 800 });

  await password(page, portal, email);
  await expect(page).toHaveURL(/\/mijn$/);
  await expect(page.getByTestId("second-step-status")).toContainText("alleen uw wachtwoord");
  await Promise.all([
    page.waitForURL(/\/inlogcode$/),
    page.getByRole("link", { name: "Inloggen met een code instellen" }).click(),
  ]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen met een code instellen");
  await expect(page.getByRole("img", { name: "QR-code voor de app" })).toBeVisible();
  const key = (await page.getByTestId("secret-key").innerText()).replace(/\s/g, "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await portal.expectNoAccessibilityViolations(testInfo);

  // A mistyped first code is named; the right one turns it on and shows the codes once.
  await page.getByLabel("Code", { exact: true }).fill("000000");
  await submit(page, "Code controleren en aanzetten");
  await expect(page.getByRole("alert")).toContainText("Deze code klopt niet");
  await portal.expectNoAccessibilityViolations(testInfo);
  const setupStep = stepAt();
  await page.getByLabel("Code", { exact: true }).fill(totp(key, setupStep));
  await submit(page, "Code controleren en aanzetten");
  await expect(page).toHaveURL(/\/inlogcode\/herstelcodes$/);
  const codes = await page.getByTestId("recovery-codes").locator("code").allInnerTexts();
  expect(codes).toHaveLength(10);
  await portal.expectNoAccessibilityViolations(testInfo);
  await Promise.all([
    page.waitForURL(/\/mijn$/),
    page.getByRole("link", { name: "Ik heb de codes bewaard, ga verder" }).click(),
  ]);
  await expect(page.getByTestId("second-step-status")).toContainText("een code");
  await signOut(page);

  // The password alone no longer signs in: the code page asks for the app's code.
  await password(page, portal, email);
  await expect(page).toHaveURL(/\/inloggen\/code$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Code invullen");
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByLabel("Code", { exact: true }).fill("000000");
  await submit(page, "Inloggen");
  await expect(page.getByRole("alert")).toContainText("Deze code klopt niet");
  // The setup's code was used: the app's next one (accepted a step early) signs in.
  await page.getByLabel("Code", { exact: true }).fill(totp(key, Math.max(stepAt(), setupStep) + 1));
  await submit(page, "Inloggen");
  await expect(page).toHaveURL(/\/mijn$/);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await signOut(page);

  // Phone lost: a recovery code signs in, once.
  await password(page, portal, email);
  await page.getByLabel("Code", { exact: true }).fill(codes[0]);
  await submit(page, "Inloggen");
  await expect(page).toHaveURL(/\/mijn$/);
  await signOut(page);
  await password(page, portal, email);
  await page.getByLabel("Code", { exact: true }).fill(codes[0]);
  await submit(page, "Inloggen");
  await expect(page.getByRole("alert")).toContainText("Deze code klopt niet");
});

import { expect, test } from "@playwright/test";
import { submit } from "./fixtures/forms";
import { PortalPage } from "./fixtures/portal_page";
import { resetLinks } from "./fixtures/outbox";

// "Wachtwoord vergeten": the form, its answer, and the page behind the mailed link, with and
// without JavaScript, each without axe violations at 320 px. The demo carer's password is
// not changed: the link's form is only sent with two different passwords.
const outbox = process.env.MEETPUNT_E2E_OUTBOX;
const ADDRESS = "mantelzorger@example.org";

test("someone who forgot their password asks for a link and opens it", async ({ page }, testInfo) => {
  test.skip(!outbox, "needs the development outbox folder (MEETPUNT_E2E_OUTBOX)");
  const portal = new PortalPage(page);
  await page.setViewportSize({ width: 320, height: 800 });
  await portal.open("/inloggen");
  await Promise.all([
    page.waitForURL(/\/wachtwoord-vergeten$/),
    page.getByRole("link", { name: "Vraag een nieuw wachtwoord aan" }).click(),
  ]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Wachtwoord vergeten");
  await portal.expectNoScripts();
  await portal.expectNoAccessibilityViolations(testInfo);

  // An address the server cannot use (no domain ending): the form says so.
  await page.getByLabel("E-mailadres").fill("mantelzorger@example");
  await submit(page, "Stuur mij een link");
  await expect(page.getByRole("alert")).toContainText("Vul een geldig e-mailadres in");
  await portal.expectNoAccessibilityViolations(testInfo);

  const before = resetLinks(outbox, ADDRESS).length;
  await page.getByLabel("E-mailadres").fill(ADDRESS);
  await submit(page, "Stuur mij een link");
  await expect(page.getByTestId("reset-sent")).toContainText("Als er een account bij dit e-mailadres hoort");
  await portal.expectNoAccessibilityViolations(testInfo);

  await expect.poll(() => resetLinks(outbox, ADDRESS).length, { timeout: 15_000 }).toBeGreaterThan(before);
  await portal.open(resetLinks(outbox, ADDRESS).at(-1)!);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nieuw wachtwoord kiezen");
  await expect(page.getByText(ADDRESS)).toBeVisible();
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByLabel("Wachtwoord", { exact: true }).fill("een nieuwe zin voor de winter");
  await page.getByLabel("Wachtwoord nog een keer").fill("een andere zin voor de zomer");
  await submit(page, "Wachtwoord opslaan");
  await expect(page.getByRole("alert")).toContainText("De twee wachtwoorden zijn niet gelijk");
  await portal.expectNoAccessibilityViolations(testInfo);
  await portal.expectNoScripts();
  expect(portal.consoleErrors).toEqual([]);
});

import { expect, test } from "@playwright/test";
import { signIn, submit } from "./fixtures/forms";
import { invitationLinks } from "./fixtures/outbox";
import { PortalPage } from "./fixtures/portal_page";

// The demo practice's GP (level A) manages its members; `seed-demo` adds the account.
const DEMO_PASSWORD = "meetpunt-demo";
const NEW_PASSWORD = "lange wandeling door het bos";
const outbox = process.env.MEETPUNT_E2E_OUTBOX;

test("a manager invites a colleague, who chooses a password and signs in", async ({ page, browser }, testInfo) => {
  test.skip(!outbox, "needs the development outbox folder (MEETPUNT_E2E_OUTBOX)");
  const name = `Collega ${testInfo.project.name}`;
  const address = `collega-${testInfo.project.name}@example.org`;
  const portal = new PortalPage(page);
  await page.setViewportSize({ width: 320, height: 800 });
  await portal.open("/inloggen");
  await signIn(page, "huisarts@example.org", DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL(/\/organisatie$/),
    page.getByRole("link", { name: "Leden van uw organisatie beheren" }).click(),
  ]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Leden van uw organisatie");
  await expect(page.getByTestId("members")).toContainText("Karel Visser");
  await portal.expectNoScripts();
  await portal.expectNoAccessibilityViolations(testInfo);

  // An address the server refuses comes back with the reason, and the name as typed.
  await page.getByLabel("Naam", { exact: true }).fill(name);
  await page.getByLabel("E-mailadres (werkadres)").fill("collega@praktijk");
  await page.getByLabel("Niveau", { exact: true }).selectOption("C+");
  await submit(page, "Uitnodiging versturen");
  await expect(page.getByRole("alert")).toContainText("Vul een geldig e-mailadres in");
  await expect(page.getByLabel("Naam", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("E-mailadres (werkadres)")).toHaveAttribute("aria-invalid", "true");
  await portal.expectNoAccessibilityViolations(testInfo);

  await page.getByLabel("E-mailadres (werkadres)").fill(address);
  await submit(page, "Uitnodiging versturen");
  await expect(page.getByTestId("notice")).toHaveText("De uitnodiging is verstuurd.");
  await expect(page.getByTestId("pending")).toContainText(address);
  await portal.expectNoAccessibilityViolations(testInfo);

  // The colleague opens the mail's link in their own browser and chooses a password.
  await expect.poll(() => invitationLinks(outbox, address).length, { timeout: 15_000 }).toBeGreaterThan(0);
  const link = invitationLinks(outbox, address).at(-1)!;
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: PortalPage.javascriptEnabled(testInfo),
    locale: "nl-NL",
  });
  const colleague = await context.newPage();
  const theirs = new PortalPage(colleague);
  await theirs.open(link);
  await expect(colleague.getByRole("heading", { level: 1 })).toHaveText("Uitnodiging aannemen");
  await expect(colleague.getByText(address)).toBeVisible();
  await colleague.getByLabel("Wachtwoord", { exact: true }).fill(NEW_PASSWORD);
  await colleague.getByLabel("Wachtwoord nog een keer").fill("iets anders");
  await submit(colleague, "Uitnodiging aannemen");
  await expect(colleague.getByRole("alert")).toContainText("De twee wachtwoorden zijn niet gelijk");
  await theirs.expectNoAccessibilityViolations(testInfo);
  await colleague.getByLabel("Wachtwoord", { exact: true }).fill(NEW_PASSWORD);
  await colleague.getByLabel("Wachtwoord nog een keer").fill(NEW_PASSWORD);
  await submit(colleague, "Uitnodiging aannemen");
  await expect(colleague).toHaveURL(/\/inloggen$/);
  await expect(colleague.getByRole("status")).toContainText("De uitnodiging is aangenomen.");
  await expect(colleague.getByLabel("E-mailadres")).toHaveValue(address);
  await signIn(colleague, address, NEW_PASSWORD);
  await expect(colleague.getByText("Demopraktijk De Linde")).toBeVisible();
  await context.close();

  // The manager sees the new member, changes their level, and ends the membership.
  await portal.open("/organisatie");
  await expect(page.getByTestId("pending").getByText(address)).toHaveCount(0);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(address);
  await row.getByLabel(`Niveau van ${name}`, { exact: true }).selectOption("E");
  await Promise.all([
    page.waitForURL(/niveau=1/),
    row.getByRole("button", { name: `Niveau van ${name} wijzigen` }).click(),
  ]);
  await expect(page.getByTestId("notice")).toHaveText("Het niveau is gewijzigd.");
  await Promise.all([
    page.waitForURL(/beeindigd/),
    page.getByRole("button", { name: `Lidmaatschap van ${name} beëindigen` }).click(),
  ]);
  await expect(page.getByTestId("left")).toContainText(address);
  expect(portal.consoleErrors).toEqual([]);
});

import { expect, test, type Locator } from "@playwright/test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PortalPage } from "./fixtures/portal_page";

// The development outbox folder: .ci/test.sh sends two GFI requests to the demo patient
// before the tests, and the server's outbox worker writes their mail there.
const outbox = process.env.MEETPUNT_E2E_OUTBOX;

/** The request links in the delivered mail, oldest mail first. */
function links(): string[] {
  if (!outbox) return [];
  const files = readdirSync(outbox)
    .filter((name) => name.endsWith(".eml"))
    .map((name) => join(outbox, name))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  const found: string[] = [];
  for (const file of files) {
    // Quoted-printable: undo soft line breaks before looking for the link.
    const text = readFileSync(file, "utf8").replace(/=\r?\n/g, "");
    const link = text.match(/\/l\/[0-9a-f]{64}/)?.[0];
    if (link && !found.includes(link)) found.push(link);
  }
  return found;
}

async function choose(form: Locator, question: RegExp, answer: string) {
  await form.getByRole("group", { name: question }).getByLabel(answer, { exact: true }).check();
}

test("a patient answers the GFI through the link in their mail", async ({ page }, testInfo) => {
  test.skip(!outbox, "MEETPUNT_E2E_OUTBOX is not set");
  await expect.poll(() => links().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  const link = links()[testInfo.project.name === "javascript" ? 0 : 1];
  const scripted = PortalPage.javascriptEnabled(testInfo);
  const portal = new PortalPage(page);

  // In development the portal lists the mail it sent, with the links in it.
  await portal.open("/ontwikkeling/post");
  await expect(page.locator(`a[href$="${link}"]`).first()).toBeVisible();
  await portal.expectNoAccessibilityViolations(testInfo);

  await portal.open(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Er staat iets voor u klaar");
  await expect(page.getByText(/Demopraktijk De Linde vraagt u om deze vragenlijst/)).toBeVisible();
  await portal.expectNoScripts();
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByRole("button", { name: "Beginnen" }).click();

  await expect(page.getByText("Stap 1 van 4")).toBeVisible();
  const form = page.getByRole("form", { name: "Vragen" });
  if (scripted) await portal.expectIslandHydrated();
  for (const question of [/boodschappen/, /buiten rondlopen/, /aan- en uitkleden/, /toilet/]) {
    await choose(form, question, "Nee");
  }
  for (const question of [/slecht zien/, /slecht horen/, /afgevallen/, /medicijnen/]) {
    await choose(form, question, "Nee");
  }
  // A mark that is not a number: the step comes back with the problem named.
  await form.getByLabel(/cijfer/).fill("zeven");
  await page.getByRole("button", { name: "Volgende" }).click();
  await expect(page.getByRole("alert")).toContainText("Er is iets niet goed ingevuld");
  await portal.expectNoAccessibilityViolations(testInfo);
  await form.getByLabel(/cijfer/).fill("7");
  await page.getByRole("button", { name: "Volgende" }).click();

  await expect(page.getByText("Stap 2 van 4")).toBeVisible();
  await choose(form, /geheugen/, "Nee");
  await page.getByRole("button", { name: "Volgende" }).click();
  await expect(page.getByText("Stap 3 van 4")).toBeVisible();
  for (const question of [/leegte/, /mist u/i, /in de steek/]) {
    await choose(form, question, "Ja");
  }
  await page.getByRole("button", { name: "Volgende" }).click();
  await expect(page.getByText("Stap 4 van 4")).toBeVisible();
  await choose(form, /somber/, "Nee");
  await choose(form, /nerveus/, "Nee");
  await page.getByRole("button", { name: "Naar het overzicht" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer uw antwoorden");
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByRole("button", { name: "Versturen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ontvangen, dank u wel");
  await portal.expectNoAccessibilityViolations(testInfo);
  expect(portal.consoleErrors).toEqual([]);

  // The link is used up: one page for every unusable link, without the answers.
  const again = await portal.open(link);
  expect(again?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deze link werkt niet (meer)");
});

test("a professional sends a questionnaire from the portal", async ({ page }, testInfo) => {
  const portal = new PortalPage(page);
  await portal.open("/inloggen?next=%2Fverzoeken%2Fnieuw");
  await page.getByLabel("E-mailadres").fill("zorgverlener@example.org");
  await page.getByLabel("Wachtwoord").fill("meetpunt-demo");
  await Promise.all([page.waitForURL(/\/verzoeken\/nieuw$/), page.getByRole("button", { name: "Inloggen" }).click()]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Een verzoek versturen");
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByLabel("Patiënt").selectOption({ label: "Jan Jansen (1941-03-02)" });
  await page.getByLabel("Wat vraagt u?").selectOption("instrument:4dkl");
  const due = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel("Graag uiterlijk op").fill(due);
  await Promise.all([page.waitForURL(/\/verzoeken\/\d+$/), page.getByRole("button", { name: "Versturen" }).click()]);
  await expect(page.getByTestId("status")).toHaveText("Verstuurd");
  await expect(page.getByText("Er is nog geen antwoord.")).toBeVisible();
  await portal.expectNoAccessibilityViolations(testInfo);
  await portal.open("/verzoeken");
  await expect(page.getByRole("table", { name: "Verzoeken" })).toBeVisible();
  await portal.expectNoScripts();
});

import { expect, test, type Page } from "@playwright/test";
import { signIn as signInAs, submit } from "./fixtures/forms";
import { PortalPage } from "./fixtures/portal_page";

// The professionals' workspace pages added for the organisation's daily work: adding a
// patient, the care network, sending to a list (up to the count), and notifications. Each
// works without JavaScript and passes axe, also with a refused form.
const DEMO_PASSWORD = "meetpunt-demo";
const signIn = (page: Page) => signInAs(page, "zorgverlener@example.org", DEMO_PASSWORD);

test("a professional adds a patient, sees the count of a list and sets notifications", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const portal = new PortalPage(page);
  await portal.open("/inloggen");
  await signIn(page);

  // A new patient: a refused form comes back as typed, with every problem; then saved.
  await portal.open("/patienten");
  await Promise.all([page.waitForURL(/\/patienten\/nieuw$/), page.getByRole("link", { name: "Patiënt toevoegen" }).click()]);
  const name = `Proef ${testInfo.project.name}`;
  await page.getByLabel("Naam", { exact: true }).fill(name);
  await page.getByLabel("Geboortedatum").fill("31-02-1940");
  await submit(page, "Patiënt toevoegen");
  await expect(page.getByRole("alert")).toContainText("Vul de geboortedatum in");
  await expect(page.getByLabel("Naam", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Geboortedatum")).toHaveAttribute("aria-invalid", "true");
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByLabel("Geboortedatum").fill("15-03-1942");
  await submit(page, "Patiënt toevoegen");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await Promise.all([page.waitForURL(/\/gegevens$/), page.getByRole("link", { name: "Gegevens en zorgnetwerk" }).click()]);
  await expect(page.getByTestId("network")).toContainText("voert de regie");
  await portal.expectNoAccessibilityViolations(testInfo);
  await portal.expectNoScripts();

  // Sending to a list: the count first; nothing is sent from here.
  await portal.open("/verzoeken/lijst");
  await expect(page.getByLabel("Leeftijd (jaar en ouder)")).toHaveValue("75");
  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Wat vraagt u?").selectOption("instrument:gfi");
  await page.getByLabel("Graag uiterlijk op").fill(due);
  await submit(page, "Bekijk hoeveel patiënten het zijn");
  await expect(page.getByTestId("preview")).toContainText(/Dit (is|zijn) \d+ patiënt/);
  await portal.expectNoAccessibilityViolations(testInfo);

  // Notifications: the page, and settings saved.
  await portal.open("/mijn");
  await Promise.all([page.waitForURL(/\/meldingen$/), page.getByRole("link", { name: "Meldingen en instellingen" }).click()]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meldingen");
  await page.getByLabel("Alle verzoeken van mijn organisatie").check();
  await submit(page, "Opslaan");
  await expect(page.getByTestId("saved")).toHaveText("Uw instellingen zijn opgeslagen.");
  await expect(page.getByLabel("Alle verzoeken van mijn organisatie")).toBeChecked();
  await portal.expectNoAccessibilityViolations(testInfo);
  await portal.expectNoScripts();
  expect(portal.consoleErrors).toEqual([]);
  await page.context().clearCookies();
});

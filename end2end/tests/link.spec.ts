import { expect, test } from "@playwright/test";
import { validFhir } from "./fixtures/fhir";
import { choose } from "./fixtures/forms";
import { links as outboxLinks } from "./fixtures/outbox";
import { PortalPage } from "./fixtures/portal_page";

// The development outbox folder: .ci/test.sh sends two GFI requests to the demo patient
// before the tests, and the server's outbox worker writes their mail there.
const outbox = process.env.MEETPUNT_E2E_OUTBOX;

/** The request links in the delivered mail, oldest mail first. */
const links = () => outboxLinks(outbox);

test("a patient answers the GFI through the link, stops, goes on on another device; the professional sees the score", async ({ page, browser }, testInfo) => {
  test.skip(!outbox, "MEETPUNT_E2E_OUTBOX is not set");
  // Two devices, four steps, the worklist, the request page and three accessibility checks:
  // on a busy two-core machine this takes close to the default 30 s.
  test.setTimeout(90_000);
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
  // A mark that is not a number: with JavaScript the problem shows as soon as the field is
  // left; without, the step comes back with the problem named.
  await form.getByLabel(/cijfer/).fill("zeven");
  if (scripted) {
    await form.getByLabel(/cijfer/).press("Tab");
    await expect(form.locator(".field-error:visible")).toHaveCount(1);
    await expect(form.getByLabel(/cijfer/)).toHaveAttribute("aria-invalid", "true");
  }
  await page.getByRole("button", { name: "Volgende" }).click();
  await expect(page.getByRole("alert")).toContainText("Er is iets niet goed ingevuld");
  await portal.expectNoAccessibilityViolations(testInfo);
  await form.getByLabel(/cijfer/).fill("7");
  await page.getByRole("button", { name: "Volgende" }).click();

  await expect(page.getByText("Stap 2 van 4")).toBeVisible();
  await choose(form, /geheugen/, "Nee");
  await page.getByRole("button", { name: "Volgende" }).click();
  await expect(page.getByText("Stap 3 van 4")).toBeVisible();
  if (scripted) {
    // With JavaScript an answer is saved as soon as it is given, before any button.
    await choose(form, /leegte/, "Ja");
    await expect(page.locator("[data-saved]").first()).toHaveAttribute("data-saved", "1");
    await expect(page.getByRole("status")).toHaveText("Uw antwoorden zijn bewaard.");
  }
  expect(portal.consoleErrors).toEqual([]);

  // The patient stops here and goes on later on another device: a new browser without
  // cookies opens the same link and continues where the answers were saved.
  await page.close();
  const tablet = await browser.newContext({ javaScriptEnabled: scripted, locale: "nl-NL" });
  const later = await tablet.newPage();
  const resumed = new PortalPage(later);
  await resumed.open(link);
  await later.getByRole("button", { name: "Verder waar u was" }).click();
  await expect(later.getByText("Stap 3 van 4")).toBeVisible();
  const rest = later.getByRole("form", { name: "Vragen" });
  if (scripted) {
    await expect(rest.getByRole("group", { name: /leegte/ }).getByLabel("Ja", { exact: true })).toBeChecked();
  }
  for (const question of [/leegte/, /mist u/i, /in de steek/]) {
    await choose(rest, question, "Ja");
  }
  await later.getByRole("button", { name: "Volgende" }).click();
  await expect(later.getByText("Stap 4 van 4")).toBeVisible();
  await choose(rest, /somber/, "Nee");
  await choose(rest, /nerveus/, "Nee");
  // Back to step 1: the answers given on the first device are there.
  for (let step = 4; step > 1; step--) await later.getByRole("button", { name: "Vorige" }).click();
  await expect(later.getByText("Stap 1 van 4")).toBeVisible();
  await expect(rest.getByLabel(/cijfer/)).toHaveValue("7");
  for (let step = 1; step < 4; step++) await later.getByRole("button", { name: "Volgende" }).click();
  await expect(later.getByText("Stap 4 van 4")).toBeVisible();
  await expect(rest.getByRole("group", { name: /somber/ }).getByLabel("Nee", { exact: true })).toBeChecked();
  await later.getByRole("button", { name: "Naar het overzicht" }).click();

  await expect(later.getByRole("heading", { level: 1 })).toHaveText("Controleer uw antwoorden");
  await resumed.expectNoAccessibilityViolations(testInfo);
  await later.getByRole("button", { name: "Versturen" }).click();
  await expect(later.getByRole("heading", { level: 1 })).toHaveText("Ontvangen, dank u wel");
  await resumed.expectNoAccessibilityViolations(testInfo);
  expect(resumed.consoleErrors).toEqual([]);

  // The link is used up: one page for every unusable link, without the answers.
  const again = await resumed.open(link);
  expect(again?.status()).toBe(404);
  await expect(later.getByRole("heading", { level: 1 })).toHaveText("Deze link werkt niet (meer)");

  // The professional sees the score: 1 for the mark of 7, and 3 for feeling empty, missing
  // people and feeling left alone.
  await resumed.open("/inloggen?next=%2Fverzoeken");
  await later.getByLabel("E-mailadres").fill("zorgverlener@example.org");
  await later.getByLabel("Wachtwoord").fill("meetpunt-demo");
  await Promise.all([later.waitForURL(/\/verzoeken$/), later.getByRole("button", { name: "Inloggen" }).click()]);
  // Other tests complete GFIs for patients of their own (a carer's among them): only the
  // demo patient's rows are this test's.
  const answered = later
    .getByRole("row")
    .filter({ hasText: "Ingevuld" })
    .filter({ hasText: "Groningen" })
    .filter({ hasText: "Jan Jansen" });
  await expect(answered.first()).toBeVisible();
  await answered.last().getByRole("link").first().click();
  await expect(later.getByTestId("scores")).toBeVisible();
  // One line for the GP system's journal, selectable without JavaScript.
  await expect(later.getByTestId("his")).toHaveValue(/^GFI \d+ \(.*\), ingevuld door patiënt, \d\d-\d\d-\d{4}$/);
  // With JavaScript a button copies it; without, the text is there to select.
  const copy = later.getByRole("button", { name: "Kopiëren" });
  if (PortalPage.javascriptEnabled(testInfo)) {
    await resumed.expectIslandHydrated();
    await later.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await copy.click();
    await expect(later.getByRole("status").filter({ hasText: "Gekopieerd" })).toHaveText("Gekopieerd. Plak de tekst in het journaal.");
    const copied = await later.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await later.getByTestId("his").inputValue());
  } else {
    await expect(copy).toBeHidden();
  }
  await expect(later.getByText(/via de link in de e-mail/)).toBeVisible();
  // The answers as a FHIR Bundle for the GP system, valid against the R4 schema.
  const [download] = await Promise.all([later.waitForEvent("download"), later.getByTestId("fhir").click()]);
  const bundle = await validFhir(download);
  const kinds = bundle.entry.map((e) => e.resource.resourceType);
  expect(kinds).toContain("QuestionnaireResponse");
  expect(kinds).toContain("Provenance");
  await resumed.expectNoAccessibilityViolations(testInfo);
  await tablet.close();
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

import { expect, test, type Page } from "@playwright/test";
import { validFhir } from "./fixtures/fhir";
import { links } from "./fixtures/outbox";
import { PortalPage } from "./fixtures/portal_page";

// A second server runs on a development clock (see .ci/test.sh): two blood-pressure weeks for
// the demo patient start today, and the test moves the clock to enter readings on three days.
const base = process.env.MEETPUNT_E2E_CLOCK_BASE_URL;
const outbox = process.env.MEETPUNT_E2E_CLOCK_OUTBOX;
const start = process.env.MEETPUNT_E2E_BP_START;

/** The day `offset` days after the start, as YYYY-MM-DD. */
function day(offset: number): string {
  const date = new Date(`${start}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

/** A day as the portal writes it in Dutch: "7 december 2026". */
function dutch(iso: string): string {
  const months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december"];
  const [year, month, date] = iso.split("-").map(Number);
  return `${date} ${months[month - 1]} ${year}`;
}

/** Moves the server's clock to `time` on the Dutch clock of day `offset`. */
async function setClock(page: Page, offset: number, time: string) {
  const response = await page.request.post(`${base}/ontwikkeling/klok`, {
    form: { to: `${day(offset)}T${time}`, next: "/" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
}

async function enter(page: Page, upper: string, lower: string, pulse: string) {
  await page.getByLabel(/^Bovendruk/).fill(upper);
  await page.getByLabel(/^Onderdruk/).fill(lower);
  await page.getByLabel(/^Hartslag/).fill(pulse);
  await page.getByRole("button", { name: "Meting opslaan" }).click();
}

test("a patient enters a blood-pressure week on three days through the link", async ({ page }, testInfo) => {
  // A long flow (three days, a correction, the professional's side, a visit), checked for
  // accessibility on many pages: more time than one page needs.
  test.setTimeout(90_000);
  test.skip(!base || !outbox || !start, "the development-clock server is not running");
  await expect.poll(() => links(outbox).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  // The week of this project: the one that starts today, or the one ten days later.
  const first = PortalPage.javascriptEnabled(testInfo) ? 0 : 10;
  const portal = new PortalPage(page);
  await setClock(page, first, "08:00");
  let link = "";
  for (const candidate of links(outbox)) {
    await portal.open(`${base}${candidate}`);
    if (await page.getByText(`vóór ${dutch(day(first + 7))}`).count()) link = candidate;
  }
  expect(link).not.toBe("");

  // Day 1, 08:00: the landing page, then the first session.
  await portal.open(`${base}${link}`);
  await expect(page.getByText(/vraagt u om een week lang thuis uw bloeddruk/)).toBeVisible();
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByRole("button", { name: "Beginnen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Uw metingen");
  await expect(page.getByTestId("due")).toContainText("Nu meten: ochtend");
  await portal.expectNoScripts();
  await portal.expectNoAccessibilityViolations(testInfo);

  // A value that is not a number: the form comes back with the problem and what was typed.
  await enter(page, "14O", "88", "70");
  await expect(page.getByRole("alert")).toContainText("Er is iets niet goed ingevuld");
  await expect(page.getByLabel(/^Bovendruk/)).toHaveValue("14O");
  await expect(page.getByLabel(/^Bovendruk/)).toHaveAttribute("aria-invalid", "true");
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByLabel(/^Bovendruk/).fill("142");
  await page.getByRole("button", { name: "Meting opslaan" }).click();
  await expect(page.getByTestId("saved")).toContainText("142/88 mmHg, hartslag 70");
  await enter(page, "138", "86", "68");
  await expect(page.getByTestId("saved")).toContainText("138/86 mmHg");
  await expect(page.getByTestId("readings").getByRole("row")).toHaveCount(3);

  // Day 2, 20:00: the evening session.
  await setClock(page, first + 1, "20:00");
  await portal.open(`${base}${link}/metingen`);
  await expect(page.getByTestId("due")).toContainText("Nu meten: avond");
  await enter(page, "135", "84", "66");
  // A very high upper pressure: advice for the patient, a flag for the professional.
  await enter(page, "182", "83", "65");
  await expect(page.getByTestId("saved")).toContainText("Uw bovendruk was 182");
  await expect(page.getByTestId("readings").getByRole("row")).toHaveCount(5);

  // Day 3, 07:30: one reading, then a correction of a typing error; the original is kept.
  await setClock(page, first + 2, "07:30");
  await portal.open(`${base}${link}`);
  await page.getByRole("button", { name: "Verder waar u was" }).click();
  await enter(page, "190", "84", "64");
  await expect(page.getByTestId("saved")).toContainText("Uw bovendruk was 190");
  await page.getByRole("link", { name: /Verbeter hem/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meting verbeteren");
  await expect(page.getByLabel(/^Bovendruk/)).toHaveValue("190");
  await portal.expectNoAccessibilityViolations(testInfo);
  // Nothing is chosen for the person: without a reason the form says so.
  await page.getByLabel(/^Bovendruk/).fill("130");
  await page.getByRole("button", { name: "Verbetering opslaan" }).click();
  await expect(page.getByRole("alert")).toContainText("Schrijf kort op waarom");
  await expect(page.getByLabel(/^Bovendruk/)).toHaveValue("130");
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByLabel("Ik heb een verkeerd getal ingetypt").check();
  await page.getByRole("button", { name: "Verbetering opslaan" }).click();
  await expect(page.getByTestId("saved")).toContainText("130/84 mmHg");
  await expect(page.getByTestId("readings")).toContainText("(verbeterd)");
  await expect(page.getByTestId("readings")).not.toContainText("190/84");
  await expect(page.getByTestId("schedule")).toBeVisible();
  await portal.expectNoAccessibilityViolations(testInfo);
  expect(portal.consoleErrors).toEqual([]);

  // On a 320 px phone, also with text at 200 %, nothing scrolls sideways (a wide table
  // scrolls in its own box).
  await page.setViewportSize({ width: 320, height: 640 });
  await portal.open(`${base}${link}/metingen`);
  for (const size of ["100%", "200%"]) {
    await page.evaluate((s) => { document.documentElement.style.fontSize = s; }, size);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // The professional sees the readings with who entered them, and the correction.
  await portal.open(`${base}/inloggen?next=%2Fverzoeken`);
  await page.getByLabel("E-mailadres").fill("zorgverlener@example.org");
  await page.getByLabel("Wachtwoord").fill("meetpunt-demo");
  await Promise.all([page.waitForURL(/\/verzoeken$/), page.getByRole("button", { name: "Inloggen" }).click()]);
  const row = page.getByRole("row").filter({ hasText: "Bloeddrukweek" }).filter({ hasText: day(first + 7) });
  await row.first().getByRole("link").first().click();
  await expect(page.getByTestId("readings").getByRole("row")).toHaveCount(6);
  await expect(page.getByTestId("readings")).toContainText("verbeterd: Ik heb een verkeerd getal ingetypt");
  await expect(page.getByTestId("readings")).toContainText("patiënt, via de link");
  await expect(page.getByTestId("outcome")).toContainText("metingen tellen mee");
  await expect(page.getByTestId("flags")).toBeVisible();
  await portal.expectNoAccessibilityViolations(testInfo);

  // Back to the GP system: the week as a FHIR Bundle (a plain link, with or without
  // JavaScript), and one line for the journal, copied with the button when it runs.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("fhir").click()]);
  expect(download.suggestedFilename()).toMatch(/^meetpunt-verzoek-\d+\.json$/);
  const bundle = await validFhir(download);
  expect(bundle.resourceType).toBe("Bundle");
  const kinds: string[] = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
  expect(kinds[0]).toBe("Patient");
  expect(kinds.filter((k) => k === "Observation").length).toBeGreaterThanOrEqual(5);
  expect(kinds).toContain("Provenance");
  expect(JSON.stringify(bundle)).toContain('"code":"8480-6"');
  await expect(page.getByTestId("his")).toHaveValue(/^Bloeddrukweek \(thuismetingen\): .*\d\d-\d\d-\d{4}$/);
  const copy = page.getByRole("button", { name: "Kopiëren" });
  if (PortalPage.javascriptEnabled(testInfo)) {
    await portal.expectIslandHydrated();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await copy.click();
    await expect(page.getByRole("status").filter({ hasText: "Gekopieerd" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByTestId("his").inputValue());
  } else {
    await expect(copy).toBeHidden();
  }

  // The patient's page: found through the search, the blood pressure as a chart with the
  // flagged reading, its summary, and the same values as a table.
  // (The request page has the copy button's island; the pages from here on have none.)
  portal.forgetScripts();
  await page.getByRole("link", { name: "Patiënten" }).click();
  await page.getByLabel("Zoek op naam, geboortedatum of BSN").fill("jansen");
  await page.getByRole("button", { name: "Zoeken" }).click();
  await page.getByTestId("patients").getByRole("link", { name: "Jan Jansen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jan Jansen");
  const chart = page.getByRole("figure", { name: "Bloeddruk" });
  await expect(chart.getByRole("img")).toBeVisible();
  await expect(chart.locator("figcaption")).toContainText(/Bloeddruk: \d+ waarden van .* buiten de grens/);
  // The demo practice's own limit (130), and the week's mean.
  await expect(chart.locator("figcaption")).toContainText(/bovendruk thuis te hoog vanaf 130; .*weekgemiddelde \d+/);
  await chart.getByText("Toon de waarden als tabel").click();
  const values = chart.getByRole("table");
  await expect(values).toBeVisible();
  await expect(values).toContainText("182 (buiten de grens)");
  await expect(values).not.toContainText("190");
  // Five readings of this week in force (the corrected one once), more after the other week.
  expect(await values.locator("tbody tr").count()).toBeGreaterThanOrEqual(5);
  await portal.expectNoAccessibilityViolations(testInfo);
  await portal.expectNoScripts();

  // A weight taken at a visit: entered from the patient's page, refused as typed first,
  // then saved as entered by the professional.
  await page.getByRole("link", { name: "Meting invoeren (bij een bezoek)" }).click();
  await page.getByTestId("kinds").getByRole("link", { name: "Gewicht" }).click();
  await page.getByLabel(/^Gewicht/).fill("8l,4");
  await page.getByRole("button", { name: "Meting opslaan" }).click();
  await expect(page.getByRole("alert")).toContainText("Er is iets niet goed ingevuld");
  await expect(page.getByLabel(/^Gewicht/)).toHaveValue("8l,4");
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByLabel(/^Gewicht/).fill("81,4");
  await page.getByRole("button", { name: "Meting opslaan" }).click();
  await expect(page.getByTestId("saved")).toContainText("81,4 kg");
  await portal.expectNoAccessibilityViolations(testInfo);
  await page.getByRole("link", { name: "Terug naar de patiënt" }).click();
  const weight = page.getByRole("figure", { name: "Gewicht" });
  await expect(weight.locator("figcaption")).toContainText("zorgverlener");
  // On a phone the chart shrinks with the page; nothing scrolls sideways.
  await page.setViewportSize({ width: 320, height: 640 });
  for (const size of ["100%", "200%"]) {
    await page.evaluate((s) => { document.documentElement.style.fontSize = s; }, size);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  // Signed out again, so the other project signs in afresh.
  await page.context().clearCookies();
});

import { expect, test } from "@playwright/test";
import { answerGfi, signIn, submit } from "./fixtures/forms";
import { activationLinks, requestLinks } from "./fixtures/outbox";
import { PortalPage } from "./fixtures/portal_page";

// A GP practice invites a patient to an account of their own: the patient answered a GFI
// through the link in a mail first, activates the account through the invitation's link,
// signs in, and finds that GFI on their own page. With and without JavaScript.
const DEMO_PASSWORD = "meetpunt-demo";
const CHOSEN = "mijn eigen zin voor meetpunt";
const outbox = process.env.MEETPUNT_E2E_OUTBOX;

test("a patient activates an account and sees the questionnaire they sent through a link", async ({ page, browser }, testInfo) => {
  test.skip(!outbox, "needs the development outbox folder (MEETPUNT_E2E_OUTBOX)");
  test.setTimeout(120_000);
  const scripted = PortalPage.javascriptEnabled(testInfo);
  const address = `marie-${testInfo.project.name}@example.org`;
  const portal = new PortalPage(page);

  // The practice nurse adds Marie with her e-mail address and sends her the GFI.
  await portal.open("/inloggen");
  await signIn(page, "zorgverlener@example.org", DEMO_PASSWORD);
  await portal.open("/patienten/nieuw");
  await page.getByLabel("Naam", { exact: true }).fill(`Marie ${testInfo.project.name}`);
  await page.getByLabel("Geboortedatum").fill("12-05-1943");
  await page.getByLabel(/^E-mailadres/).fill(address);
  await submit(page, "Patiënt toevoegen");
  const patient = new URL(page.url()).pathname.split("/").pop()!;
  expect(patient).toMatch(/^\d+$/);
  await portal.open(`/verzoeken/nieuw?patient=${patient}`);
  await page.getByLabel("Wat vraagt u?").selectOption("instrument:gfi");
  await page.getByLabel("Graag uiterlijk op").fill(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
  await submit(page, "Versturen");

  // Marie answers it through the link in her mail, without an account.
  await expect.poll(() => requestLinks(outbox, address).length, { timeout: 15_000 }).toBeGreaterThan(0);
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: scripted,
    locale: "nl-NL",
  });
  const marie = await context.newPage();
  const hers = new PortalPage(marie);
  await hers.open(requestLinks(outbox, address)[0]);
  await answerGfi(marie, scripted);

  // The nurse invites her to an account of her own, from the record's page.
  await portal.open(`/patienten/${patient}/gegevens`);
  await expect(page.getByTestId("account-state")).toContainText("heeft nog geen eigen account");
  await submit(page, "Uitnodigen voor een eigen account");
  await expect(page.getByTestId("account-sent")).toContainText("De uitnodiging is verstuurd");
  await expect(page.getByTestId("account-state")).toContainText("is uitgenodigd");
  await portal.expectNoAccessibilityViolations(testInfo);

  // Marie activates it: a refused password first, then her own.
  await expect.poll(() => activationLinks(outbox, address).length, { timeout: 15_000 }).toBeGreaterThan(0);
  await marie.setViewportSize({ width: 320, height: 800 });
  await hers.open(activationLinks(outbox, address)[0]);
  await expect(marie.getByRole("heading", { level: 1 })).toHaveText("Uw account activeren");
  await expect(marie.getByText(address)).toBeVisible();
  await hers.expectNoAccessibilityViolations(testInfo);
  await marie.getByLabel("Wachtwoord", { exact: true }).fill("Wachtwoord2026!");
  await marie.getByLabel("Wachtwoord nog een keer").fill("Wachtwoord2026!");
  await submit(marie, "Account activeren");
  await expect(marie.getByRole("alert")).toContainText("Dit wachtwoord wordt veel gebruikt");
  await hers.expectNoAccessibilityViolations(testInfo);
  await marie.getByLabel("Wachtwoord", { exact: true }).fill(CHOSEN);
  await marie.getByLabel("Wachtwoord nog een keer").fill(CHOSEN);
  await submit(marie, "Account activeren");
  await expect(marie).toHaveURL(/\/inloggen$/);
  await expect(marie.getByRole("status")).toContainText("Uw account is klaar");
  await expect(marie.getByLabel("E-mailadres")).toHaveValue(address);
  await signIn(marie, address, CHOSEN);
  await expect(marie.getByTestId("done-requests")).toContainText("Groningen Frailty Indicator");
  await expect(marie.getByTestId("sessions")).toContainText("Dit apparaat");
  await hers.expectNoAccessibilityViolations(testInfo);
  expect(hers.consoleErrors).toEqual([]);
  await context.close();
  expect(portal.consoleErrors).toEqual([]);
  await page.context().clearCookies();
});

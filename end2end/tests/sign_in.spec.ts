import { expect, test, type Page } from "@playwright/test";
import { PortalPage } from "./fixtures/portal_page";

// Demo accounts added by `meetpunt seed-demo` before the server starts.
const DEMO_PASSWORD = "meetpunt-demo";

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await Promise.all([
    page.waitForURL(/.*/),
    page.getByRole("button", { name: "Inloggen" }).click(),
  ]);
  await page.waitForLoadState("load");
}

test("a patient signs in, sees their page and signs out", async ({ page }, testInfo) => {
  const portal = new PortalPage(page);
  await portal.open("/");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Inloggen" }).click();
  await expect(page).toHaveURL(/\/inloggen$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen");

  await fillSignIn(page, "patient@example.org", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/mijn$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("U bent ingelogd als Jan Jansen.");
  await expect(page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Mijn Meetpunt" })).toBeVisible();
  await portal.expectNoScripts();
  expect(portal.consoleErrors).toEqual([]);
  await portal.expectNoAccessibilityViolations(testInfo);

  await Promise.all([page.waitForURL(/\/inloggen$/), page.getByRole("main").getByTestId("sign-out").click()]);
  await expect(page.getByRole("status")).toHaveText("U bent uitgelogd.");
  await portal.open("/mijn");
  await expect(page).toHaveURL(/\/inloggen\?next=%2Fmijn$/);
});

test("a wrong password keeps the address and says what to do", async ({ page }, testInfo) => {
  const portal = new PortalPage(page);
  await portal.open("/inloggen");
  await portal.expectNoAccessibilityViolations(testInfo);

  await fillSignIn(page, "zorgverlener@example.org", "niet-het-goede-wachtwoord");
  const alert = page.getByRole("alert");
  await expect(alert).toHaveText(/Het e-mailadres of het wachtwoord klopt niet/);
  await expect(page.getByLabel("E-mailadres")).toHaveValue("zorgverlener@example.org");
  await expect(page.getByLabel("Wachtwoord")).toHaveValue("");
  await expect(page.getByLabel("Wachtwoord")).toHaveAttribute("aria-invalid", "true");

  // The right password then works, and a professional sees their organisation.
  await fillSignIn(page, "zorgverlener@example.org", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/mijn$/);
  await expect(page.getByText("Demopraktijk De Linde")).toBeVisible();
  await expect(page.getByText("Zorgverlener", { exact: true })).toBeVisible();
});

test("the sign-in page and the account page speak English", async ({ page }) => {
  const portal = new PortalPage(page);
  await portal.open("/inloggen?next=%2Fmijn");
  await portal.switchLanguage();
  await expect(page).toHaveURL(/\/inloggen\?next=%2Fmijn$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await page.getByLabel("E-mail address").fill("mantelzorger@example.org");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/mijn$/), page.getByRole("button", { name: "Sign in" }).click()]);
  await expect(page.getByTestId("signed-in-as")).toHaveText("You are signed in as Els Jansen (mantelzorger).");
  await expect(page.getByText("Informal carer")).toBeVisible();
  await portal.switchLanguage();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mijn Meetpunt");
});

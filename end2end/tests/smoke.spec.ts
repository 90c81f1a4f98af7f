import { expect, test } from "@playwright/test";
import { PortalPage } from "./fixtures/portal_page";

test("the home page opens in Dutch with its landmarks", async ({ page }) => {
  const portal = new PortalPage(page);
  const response = await portal.open("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Welkom bij Meetpunt/);
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom bij Meetpunt");
  await expect(page.getByRole("navigation", { name: "Hoofdmenu" })).toBeVisible();
  await expect(page.getByRole("main")).toBeVisible();
  await expect(page.getByRole("contentinfo")).toBeVisible();
});

test("the page hydrates with JavaScript and stays usable without it", async ({ page }, testInfo) => {
  const portal = new PortalPage(page);
  await portal.open("/");
  if (PortalPage.javascriptEnabled(testInfo)) {
    await portal.expectHydrated();
    expect(portal.consoleErrors).toEqual([]);
  } else {
    await portal.expectNotHydrated();
  }
});

test("the skip link moves to the main content", async ({ page }) => {
  const portal = new PortalPage(page);
  await portal.open("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Naar de inhoud" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});

test("switching to English and back keeps the page", async ({ page }, testInfo) => {
  const portal = new PortalPage(page);
  await portal.open("/vragenlijsten");
  if (PortalPage.javascriptEnabled(testInfo)) await portal.expectHydrated();
  await portal.switchLanguage();
  await expect(page).toHaveURL(/\/vragenlijsten$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Questionnaires");
  await expect(portal.languageSwitch()).toHaveText("Naar Nederlands");
  if (PortalPage.javascriptEnabled(testInfo)) await portal.expectHydrated();

  await portal.switchLanguage();
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vragenlijsten");
});

test("the catalogue lists the instrument library from the database", async ({ page }) => {
  const portal = new PortalPage(page);
  await portal.open("/vragenlijsten");
  const table = page.getByRole("table", { name: "Vragenlijsten" });
  await expect(table).toBeVisible();
  await expect(table.getByRole("rowheader", { name: /Groningen Frailty Indicator/ })).toBeVisible();
});

test("the main menu reaches the catalogue", async ({ page }, testInfo) => {
  const portal = new PortalPage(page);
  const scripted = PortalPage.javascriptEnabled(testInfo);
  await portal.open("/");
  if (scripted) await portal.expectHydrated();
  const catalogue = page.getByRole("navigation").getByRole("link", { name: "Vragenlijsten" });
  await catalogue.click();
  await expect(page).toHaveURL(/\/vragenlijsten$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vragenlijsten");
  await expect(page.getByRole("rowheader", { name: /Groningen Frailty Indicator/ })).toBeVisible();
  await expect(catalogue).toHaveAttribute("aria-current", "page");
  if (scripted) expect(portal.consoleErrors).toEqual([]);
});

test("an unknown address shows a helpful 404 page", async ({ page }) => {
  const portal = new PortalPage(page);
  const response = await portal.open("/bestaat-niet");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagina niet gevonden");
  await expect(page.getByRole("link", { name: "Naar de startpagina" })).toBeVisible();
});

test("a professional previews an instrument from the catalogue", async ({ page }, testInfo) => {
  const portal = new PortalPage(page);
  await portal.open("/vragenlijsten");
  if (PortalPage.javascriptEnabled(testInfo)) await portal.expectHydrated();
  await page.getByRole("link", { name: /Groningen Frailty Indicator/ }).click();
  await expect(page).toHaveURL(/\/vragenlijsten\/gfi$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Groningen Frailty Indicator (GFI)");
  const form = page.getByRole("form", { name: "Voorbeeld van de vragen" });
  await expect(form.getByRole("group")).toHaveCount(14); // 14 choice questions; the mark is a number field
  await expect(form.getByRole("spinbutton")).toHaveCount(1);
  await form.getByRole("group", { name: /boodschappen/ }).getByLabel("Nee").check();
  await expect(form.getByRole("group", { name: /boodschappen/ }).getByLabel("Nee")).toBeChecked();
});

for (const path of ["/", "/vragenlijsten", "/vragenlijsten/gfi", "/vragenlijsten/valrisico", "/bestaat-niet"]) {
  test(`no WCAG 2.2 AA violations on ${path}`, async ({ page }, testInfo) => {
    const portal = new PortalPage(page);
    await portal.open(path);
    if (PortalPage.javascriptEnabled(testInfo)) await portal.expectHydrated();
    await portal.expectNoAccessibilityViolations(testInfo);
  });
}

test("no WCAG 2.2 AA violations in English", async ({ page }, testInfo) => {
  const portal = new PortalPage(page);
  await portal.open("/");
  await portal.switchLanguage();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await portal.expectNoAccessibilityViolations(testInfo);
});

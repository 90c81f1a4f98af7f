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
  // The stylesheet (its name carries a content hash) is found and applied.
  await expect(page.locator(".site-header")).toHaveCSS("background-color", "rgb(0, 85, 127)");
});

test("on a 320 px phone the header is two short rows and nothing scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ["/", "/inloggen", "/vragenlijsten/gfi"]) {
    await page.goto(path);
    const header = await page.locator(".site-header").boundingBox();
    expect(header?.height ?? 999).toBeLessThanOrEqual(130);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // Text at twice the size still fits the width.
    await page.evaluate(() => { document.documentElement.style.fontSize = "250%"; });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  }
});

test("pages without islands load no JavaScript or wasm", async ({ page }) => {
  for (const path of ["/", "/vragenlijsten", "/inloggen"]) {
    const portal = new PortalPage(page);
    await portal.open(path);
    await portal.expectNoScripts();
    expect(portal.consoleErrors).toEqual([]);
  }
});

test("conditional questions appear as soon as they apply, and all show without JavaScript", async ({ page }, testInfo) => {
  const portal = new PortalPage(page);
  await portal.open("/vragenlijsten/valrisico");
  const form = page.getByRole("form", { name: "Voorbeeld van de vragen" });
  const followUp = form.getByRole("heading", { name: "Nog een paar vragen" });
  if (PortalPage.javascriptEnabled(testInfo)) {
    await portal.expectIslandHydrated();
    expect(portal.scripts.length).toBeGreaterThan(0);
    await expect(followUp).toBeHidden();
    await form.getByRole("group", { name: /afgelopen 12 maanden gevallen/ }).getByLabel("Ja").check();
    await expect(followUp).toBeVisible();
    await form.getByRole("group", { name: /afgelopen 12 maanden gevallen/ }).getByLabel("Nee").check();
    await expect(followUp).toBeHidden();
    expect(portal.consoleErrors).toEqual([]);
  } else {
    await portal.expectIslandNotHydrated();
    await expect(followUp).toBeVisible();
    await expect(form.getByText("alleen bij bepaalde antwoorden").first()).toBeVisible();
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

test("switching to English and back keeps the page", async ({ page }) => {
  const portal = new PortalPage(page);
  await portal.open("/vragenlijsten");
  await portal.switchLanguage();
  await expect(page).toHaveURL(/\/vragenlijsten$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Questionnaires");
  await expect(portal.languageSwitch()).toHaveText("Naar Nederlands");

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

test("the main menu reaches the catalogue", async ({ page }) => {
  const portal = new PortalPage(page);
  await portal.open("/");
  const catalogue = page.getByRole("navigation").getByRole("link", { name: "Vragenlijsten" });
  await catalogue.click();
  await expect(page).toHaveURL(/\/vragenlijsten$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vragenlijsten");
  await expect(page.getByRole("rowheader", { name: /Groningen Frailty Indicator/ })).toBeVisible();
  await expect(catalogue).toHaveAttribute("aria-current", "page");
  expect(portal.consoleErrors).toEqual([]);
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
  await page.getByRole("link", { name: /Groningen Frailty Indicator/ }).click();
  if (PortalPage.javascriptEnabled(testInfo)) await portal.expectIslandHydrated();
  await expect(page).toHaveURL(/\/vragenlijsten\/gfi$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Groningen Frailty Indicator (GFI)");
  const form = page.getByRole("form", { name: "Voorbeeld van de vragen" });
  await expect(form.getByRole("group")).toHaveCount(14); // 14 choice questions; the mark is a text field for a number
  await expect(form.getByRole("textbox")).toHaveCount(1);
  await form.getByRole("group", { name: /boodschappen/ }).getByLabel("Nee").check();
  await expect(form.getByRole("group", { name: /boodschappen/ }).getByLabel("Nee")).toBeChecked();
});

for (const path of ["/", "/vragenlijsten", "/vragenlijsten/gfi", "/vragenlijsten/valrisico", "/bestaat-niet"]) {
  test(`no WCAG 2.2 AA violations on ${path}`, async ({ page }, testInfo) => {
    const portal = new PortalPage(page);
    await portal.open(path);
    if (path.startsWith("/vragenlijsten/") && PortalPage.javascriptEnabled(testInfo)) {
      await portal.expectIslandHydrated();
    }
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

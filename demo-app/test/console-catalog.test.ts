// The console's catalog editor (issue #21, "Catalog editing"): the JSON path locator and the line
// diff in Node, then the editor in real Chromium against the global setup's edge — an unknown field
// marked at its line and path, a form edit that changes the JSON and publishes, the SDK's own
// renderer previewing a modal in light and dark and at phone width (the web SDK's for web
// placements, the mobile SDK's WebView document for app ones, what getOffers gets for app content),
// the diff before publishing, rollback, 360 px without sideways scrolling, axe-core, keyboard focus
// leaving the editor, and no console error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { diffLines, diffStats, hunks } from "../src/console/catalog-diff.ts";
import { formatPath, lineColumn, locate, parsePath, parseTree, pathAt, setAt, textChange, JsonSyntaxError } from "../src/console/catalog-json.ts";
import { renderMessageHtml, type MessageDecision } from "@edgewise/sdk-mobile";
import { CHROMIUM_ARGS } from "./edge.mjs";
import { seriousViolations } from "./axe.ts";
import { asPicture, inScheme } from "../src/console/catalog-preview-app.ts";

describe("catalog JSON: paths located in the text", () => {
  const text = JSON.stringify(
    { placements: [{ id: "home-hero", format: "html" }], offers: [{ id: "a", placements: ["home-hero"] }, { id: "b", eligibilty: { audience: "vip" }, placements: [] }], ranking: { "home hero": { strategy: "priority" }, "app-home": { limit: 2 } } },
    null,
    2,
  );

  it("reads and writes the engine's paths", () => {
    expect(parsePath("$")).toEqual([]);
    expect(parsePath("$.offers[3].eligibilty")).toEqual(["offers", 3, "eligibilty"]);
    expect(parsePath('$.ranking["home hero"].limit')).toEqual(["ranking", "home hero", "limit"]);
    expect(parsePath("$.ranking.app-home")).toEqual(["ranking", "app-home"]);
    expect(parsePath('$.a["q\\"uote"]')).toEqual(["a", 'q"uote']);
    expect(parsePath("offers[0]")).toBeUndefined();
    expect(parsePath("$.offers[x]")).toBeUndefined();
    expect(formatPath(["ranking", "home hero", "limit"])).toBe('$.ranking["home hero"].limit');
    expect(formatPath(["offers", 1, "app-home"])).toBe("$.offers[1].app-home");
  });

  it("finds an unknown field's key and value at its line", () => {
    const found = locate(text, "$.offers[1].eligibilty")!;
    expect(found.exact).toBe(true);
    expect(text.slice(found.keyFrom!, found.keyTo!)).toBe('"eligibilty"');
    expect(JSON.parse(text.slice(found.from, found.to))).toEqual({ audience: "vip" });
    const line = text.split("\n").findIndex((l) => l.includes('"eligibilty"')) + 1;
    expect(lineColumn(text, found.keyFrom!)).toEqual({ line, column: 7 });
  });

  it("finds array items, quoted keys and hyphenated keys", () => {
    expect(text.slice(...range(locate(text, "$.offers[0].placements[0]")!))).toBe('"home-hero"');
    expect(JSON.parse(text.slice(...range(locate(text, '$.ranking["home hero"].strategy')!)))).toBe("priority");
    expect(JSON.parse(text.slice(...range(locate(text, "$.ranking.app-home.limit")!)))).toBe(2);
  });

  it("falls back to the deepest part of a path that exists (a missing required field)", () => {
    const found = locate(text, "$.offers[1].content.html")!;
    expect(found.exact).toBe(false);
    expect(found.found).toEqual(["offers", 1]);
    expect(text[found.from]).toBe("{");
    expect(locate(text, "$.offers[9]")!.found).toEqual(["offers"]);
    expect(locate("{not json", "$.offers")).toBeUndefined();
    expect(locate(text, "nonsense")).toBeUndefined();
  });

  it("keeps the last of repeated keys, as JSON.parse does", () => {
    const repeated = '{"a": 1, "a": 22}';
    expect(repeated.slice(...range(locate(repeated, "$.a")!))).toBe("22");
  });

  it("names the path at a position", () => {
    const tree = parseTree(text);
    expect(pathAt(tree, text.indexOf('"eligibilty"') + 3)).toEqual(["offers", 1, "eligibilty"]);
    expect(pathAt(tree, text.indexOf('"vip"') + 1)).toEqual(["offers", 1, "eligibilty", "audience"]);
    expect(pathAt(tree, 0)).toEqual([]);
  });

  it("says where the text stops being JSON", () => {
    const broken = '{\n  "a": 1,\n  "b" 2\n}';
    let error: unknown;
    try {
      parseTree(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(lineColumn(broken, (error as JsonSyntaxError).offset)).toEqual({ line: 3, column: 7 });
    expect(() => parseTree('{"a": "\\q"}')).toThrow(JsonSyntaxError);
    expect(() => parseTree("[1,]")).toThrow(JsonSyntaxError);
    expect(() => parseTree('{"a": 1} x')).toThrow(JsonSyntaxError);
    expect(parseTree(' [1, -2.5e3, true, null, "x\\n"] ').items).toHaveLength(5);
  });

  it("edits one value and leaves the rest of the text as it was", () => {
    const base = '{\n  "offers": [\n    {\n      "id": "a",\n      "name": "A"\n    }\n  ],\n  "x": {"k": 1}\n}';
    // Replace: only the value's text changes.
    expect(setAt(base, ["offers", 0, "name"], "B")).toBe(base.replace('"A"', '"B"'));
    // Add a key at the end of its object, indented as its siblings.
    expect(setAt(base, ["offers", 0, "priority"], 5)).toBe(base.replace('"name": "A"', '"name": "A",\n      "priority": 5'));
    // Remove the last, the first and the only key.
    expect(setAt(base, ["offers", 0, "name"], undefined)).toBe(base.replace(',\n      "name": "A"', ""));
    expect(setAt(base, ["offers", 0, "id"], undefined)).toBe(base.replace('"id": "a",\n      ', ""));
    expect(setAt(base, ["x", "k"], undefined)).toBe(base.replace('{"k": 1}', "{}"));
    // Inline objects stay inline; missing parents are created; arrays append and remove.
    expect(setAt(base, ["x", "j"], 2)).toBe(base.replace('{"k": 1}', '{"k": 1, "j": 2}'));
    const created = setAt(base, ["offers", 0, "schedule", "start"], "2026-01-01");
    expect(JSON.parse(created).offers[0].schedule).toEqual({ start: "2026-01-01" });
    expect(created).toContain('      "schedule": {\n        "start": "2026-01-01"\n      }\n    }');
    const appended = setAt(base, ["offers", 1], { id: "b", placements: [] });
    expect(JSON.parse(appended).offers.map((o: { id: string }) => o.id)).toEqual(["a", "b"]);
    expect(JSON.parse(setAt(appended, ["offers", 0], undefined)).offers).toEqual([{ id: "b", placements: [] }]);
    expect(setAt(base, ["offers", 5], 1)).toBe(base);
    expect(setAt("{oops", ["a"], 1)).toBe("{oops");
    // Into an empty object or array.
    expect(setAt("{\n  \"a\": []\n}", ["a", 0], "x")).toBe('{\n  "a": [\n    "x"\n  ]\n}');
  });

  it("finds the smallest change between two texts", () => {
    expect(textChange("abcdef", "abXYef")).toEqual({ from: 2, to: 4, insert: "XY" });
    expect(textChange("aaa", "aaaa")).toEqual({ from: 3, to: 3, insert: "a" });
    expect(textChange("same", "same")).toBeUndefined();
  });
});

describe("catalog preview: the mobile SDK's WebView document, light or dark, as a picture", () => {
  const decision = { placement: "app-messages", offerId: "o1", fallback: false, message: { layout: "modal", title: "Hi", body: "(prefers-color-scheme: dark) stays text", buttons: [{ label: "Go", action: { type: "url", url: "https://shop.example/" } }] } } as MessageDecision;
  const html = renderMessageHtml(decision, { channel: "c1" });
  const styles = (doc: string) => [...doc.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  const outsideStyles = (doc: string) => doc.replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, "<style></style>").replace(/<meta name="color-scheme" content="[^"]*">/, "");

  it("evaluates the renderer's colour-scheme rules as the chosen scheme, and changes nothing outside its styles", () => {
    expect(styles(html).join("")).toContain("@media(prefers-color-scheme:dark){:root{--b:#202124");
    const dark = inScheme(html, "dark");
    expect(styles(dark).join("")).toContain("@media(width >= 0px){:root{--b:#202124");
    expect(styles(dark).join("")).toContain(":root{color-scheme:dark;");
    expect(dark).toContain('<meta name="color-scheme" content="dark">');
    const light = inScheme(html, "light");
    expect(styles(light).join("")).toContain("@media(width < 0px){:root{--b:#202124");
    expect(styles(light).join("")).toContain(":root{color-scheme:light;");
    expect(styles(light).join("")).not.toContain("prefers-color-scheme");
    for (const doc of [dark, light]) expect(outsideStyles(doc)).toBe(outsideStyles(html));
    // The body's text is the renderer's (escaped text is never in a style).
    expect(dark).toContain("<p>(prefers-color-scheme: dark) stays text</p>");
    expect(inScheme("<style>@media (prefers-color-scheme: light) and (min-width: 600px){a{b:c}}</style>", "light")).toBe("<style>@media (width >= 0px) and (min-width: 600px){a{b:c}}</style>");
  });

  it("puts the guard first in the head, with the renderer's nonce, and nothing else", () => {
    const nonce = /'nonce-(\w+)'/.exec(html)![1];
    const guarded = asPicture(html);
    expect(guarded.indexOf(`<head><script nonce="${nonce}">HTMLElement.prototype.focus=function(){};`)).toBeGreaterThan(0);
    expect(guarded.replace(/<script nonce="\w+">HTMLElement\.prototype\.focus[^<]*<\/script>/, "")).toBe(html);
    // An html layout's own document (no CSP of the renderer's): a guard without a nonce.
    const own = renderMessageHtml({ ...decision, message: { layout: "html", html: "<html><head><title>T</title></head><body>x</body></html>" } } as MessageDecision, { channel: "c1" });
    expect(asPicture(own)).toMatch(/^<html><head><script>HTMLElement\.prototype\.focus=[^<]*<\/script><script>/);
  });
});

describe("catalog JSON: the line diff", () => {
  const apply = (before: string, lines: ReturnType<typeof diffLines>) => ({
    old: lines.filter((l) => l.type !== "add").map((l) => l.text).join("\n"),
    new: lines.filter((l) => l.type !== "del").map((l) => l.text).join("\n"),
    before,
  });

  it("finds a shortest edit script (the classic example: ABCABBA → CBABAC in 5 edits)", () => {
    const lines = diffLines("A\nB\nC\nA\nB\nB\nA", "C\nB\nA\nB\nA\nC");
    expect(diffStats(lines)).toEqual({ added: 2, removed: 3 });
    const { old, new: after } = apply("", lines);
    expect(old).toBe("A\nB\nC\nA\nB\nB\nA");
    expect(after).toBe("C\nB\nA\nB\nA\nC");
  });

  it("numbers the old and new lines", () => {
    expect(diffLines("a\nb\nc", "a\nc\nd")).toEqual([
      { type: "same", text: "a", oldLine: 1, newLine: 1 },
      { type: "del", text: "b", oldLine: 2 },
      { type: "same", text: "c", oldLine: 3, newLine: 2 },
      { type: "add", text: "d", newLine: 3 },
    ]);
    expect(diffLines("", "x")).toEqual([{ type: "add", text: "x", newLine: 1 }]);
    expect(diffLines("x", "")).toEqual([{ type: "del", text: "x", oldLine: 1 }]);
    expect(diffStats(diffLines("same\ntext", "same\ntext"))).toEqual({ added: 0, removed: 0 });
  });

  it("is minimal and reversible on random texts", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 200; round++) {
      const make = () => Array.from({ length: Math.floor(random() * 12) }, () => "abcd"[Math.floor(random() * 4)]).join("\n");
      const a = make();
      const b = make();
      const lines = diffLines(a, b);
      const { old, new: after } = apply(a, lines);
      expect([old, after]).toEqual([a, b]);
      // Minimal: the edits equal the lengths minus twice the longest common subsequence.
      const x = a === "" ? [] : a.split("\n");
      const y = b === "" ? [] : b.split("\n");
      const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
      for (let i = 1; i <= x.length; i++) for (let j = 1; j <= y.length; j++) lcs[i]![j] = x[i - 1] === y[j - 1] ? lcs[i - 1]![j - 1]! + 1 : Math.max(lcs[i - 1]![j]!, lcs[i]![j - 1]!);
      const { added, removed } = diffStats(lines);
      expect(added + removed).toBe(x.length + y.length - 2 * lcs[x.length]![y.length]!);
    }
  });

  it("groups changes into hunks with context", () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
    const after = before.replace("line 5\n", "line five\n").replace("line 25\n", "line 25\nnew line\n");
    const groups = hunks(diffLines(before, after), 3);
    expect(groups).toHaveLength(2);
    expect(groups[0]!.skipped).toBe(1);
    expect(groups[0]!.lines.map((l) => l.type)).toEqual(["same", "same", "same", "del", "add", "same", "same", "same"]);
    expect(groups[1]!.lines.filter((l) => l.type === "add").map((l) => [l.text, l.newLine])).toEqual([["new line", 26]]);
    expect(hunks(diffLines("a\nb", "a\nb"))).toEqual([]);
    // Changes within twice the context merge into one hunk.
    expect(hunks(diffLines("1\n2\n3\n4\n5\n6\n7\n8\n9", "1\nX\n3\n4\n5\n6\n7\nY\n9"), 3)).toHaveLength(1);
  });

  it("diffs two versions of a large catalog quickly", () => {
    const catalog = { offers: Array.from({ length: 2000 }, (_, i) => ({ id: `offer-${i}`, priority: i })) };
    const before = JSON.stringify(catalog, null, 2);
    catalog.offers[1000]!.priority = -1;
    catalog.offers.splice(10, 1);
    const started = performance.now();
    const stats = diffStats(diffLines(before, JSON.stringify(catalog, null, 2)));
    expect(stats).toEqual({ added: 1, removed: 5 });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

const range = (l: { from: number; to: number }): [number, number] => [l.from, l.to];

// ---------------------------------------------------------------------------------------------
// In Chromium, against the global setup's edge (demo catalog loaded). The catalog the tests publish
// is rolled back to the one they found, so the other test files see the demo catalog.

const edgeUrl = inject("edgeUrl");
const executablePath = inject("chromium");
const ADMIN = { authorization: "Bearer demo-admin-key" };

let browser: Browser;
let original: { version: string; catalog: { offers: { id: string; name?: string; message?: { title?: string } }[] } };

async function activeCatalog(): Promise<typeof original> {
  const response = await fetch(`${edgeUrl}/v1/admin/catalog`, { headers: ADMIN });
  expect(response.status).toBe(200);
  return (await response.json()) as typeof original;
}

interface Opened {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and HTTP errors, of the console and its preview frames. */
  errors: string[];
}

/** Signs in to the console at a viewport width and waits for the catalog editor (CodeMirror) and the forms. */
async function openCatalog(width = 1200, height = 900): Promise<Opened> {
  const context = await browser.newContext({ baseURL: edgeUrl, viewport: { width, height } });
  const errors: string[] = [];
  context.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.page()?.url() ?? "?"}: ${message.text()}`);
  });
  context.on("weberror", (error) => errors.push(`uncaught ${error.error().message}`));
  context.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  const page = await context.newPage();
  await page.goto("/console/#Catalog");
  await page.getByLabel("Admin key").fill("demo-admin-key");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator(".cm-editor .cm-content").waitFor({ timeout: 20_000 });
  await page.locator(".cm-line", { hasText: '"placements": [' }).first().waitFor({ timeout: 15_000 });
  await page.getByLabel("Offer, placement, journey or campaign").waitFor();
  return { context, page, errors };
}

const offerOption = (id: string) => {
  const offer = original.catalog.offers.find((o) => o.id === id)!;
  return `${offer.id}${offer.name ? ` — ${offer.name}` : ""}`;
};

/** The web SDK's preview frame of a colour scheme and width. */
async function previewFrame(page: Page, theme: "light" | "dark", width: "desktop" | "phone") {
  const element = page.locator(`iframe[data-renderer="web"][data-theme="${theme}"][data-width="${width}"]`);
  await element.waitFor({ timeout: 15_000 });
  return (await (await element.elementHandle())!.contentFrame())!;
}

/** What the SDK rendered in a preview frame: the message's dialog text and box, and the frame's width. */
async function renderedMessage(page: Page, theme: "light" | "dark", width: "desktop" | "phone") {
  const frame = await previewFrame(page, theme, width);
  await frame.waitForFunction(() => document.querySelector("[data-edgewise-message]")?.shadowRoot?.querySelector("[role=dialog]"), undefined, { timeout: 15_000, polling: 100 });
  return frame.evaluate(() => {
    const root = document.querySelector("[data-edgewise-message]")!.shadowRoot!;
    const box = root.querySelector<HTMLElement>(".x")!;
    const sheet = [...root.adoptedStyleSheets].map((s) => [...s.cssRules].map((r) => r.cssText).join("")).join("");
    return {
      text: root.querySelector("[role=dialog]")!.textContent,
      modal: root.querySelector("[role=dialog]")!.getAttribute("aria-modal"),
      layoutClass: root.querySelector(".r")!.className,
      background: getComputedStyle(box).backgroundColor,
      boxWidth: box.getBoundingClientRect().width,
      frameWidth: innerWidth,
      // The SDK's own stylesheet (styles.ts), adopted by its shadow root.
      sdkStyles: sheet.includes("--b: #fff") && sheet.includes(".m, .h, .f"),
    };
  });
}

/** The app message preview of a colour scheme: the mobile SDK's WebView document in its frame, once it said it is ready. */
async function appFrame(page: Page, theme: "light" | "dark") {
  const element = page.locator(`iframe[data-renderer="mobile"][data-theme="${theme}"]`);
  await element.waitFor({ timeout: 15_000 });
  const figure = page.locator("figure.cat-frame", { has: element });
  await expect.poll(() => figure.locator(".cat-frame-summary").innerText(), { timeout: 15_000 }).toMatch(/^Shows: /);
  const frame = (await (await element.elementHandle())!.contentFrame())!;
  // Polled by evaluating (not waitForFunction): the document's CSP lets no injected function run.
  await expect.poll(() => frame.evaluate(() => Boolean(document.querySelector(".x"))).catch(() => false), { timeout: 15_000 }).toBe(true);
  return { element, frame };
}

/** Under CI the Chromium tests never skip: the global setup fails without Chromium. */
describe.skipIf(!executablePath)("console catalog editor in Chromium", () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    original = await activeCatalog();
  });
  afterAll(async () => {
    await browser?.close();
    // Whatever happened above, the other tests find the catalog they expect.
    if (original && (await activeCatalog()).version !== original.version) {
      await fetch(`${edgeUrl}/v1/admin/catalog/versions/${encodeURIComponent(original.version)}/activate`, { method: "POST", headers: ADMIN });
    }
  });

  it("marks an unknown field typed in the editor at its line and path; the path moves the cursor there; the JSON fills the form; Escape then Tab leaves the editor", async () => {
    const { context, page, errors } = await openCatalog();
    const text = JSON.stringify(original.catalog, null, 2);
    const idLine = text.split("\n").findIndex((l) => l.trim() === '"id": "vip-spring",') + 1;
    expect(idLine).toBeGreaterThan(1);

    // JSON → form: a value changed in the editor shows in the offer's form.
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ label: offerOption("vip-spring") });
    const priority = page.getByLabel("Priority", { exact: true });
    expect(await priority.inputValue()).toBe("50");
    // The editor renders the lines in view: "Show in JSON" scrolls the offer there.
    await page.getByRole("button", { name: "Show in JSON" }).click();
    const priorityLine = page.locator(".cm-line", { hasText: '"priority": 50,' }).first();
    await priorityLine.getByText("50").dblclick();
    await page.keyboard.type("55");
    await expect.poll(() => priority.inputValue()).toBe("55");

    // An unknown field typed on a new line after the offer's id.
    await page.getByRole("button", { name: "Show in JSON" }).click();
    await page.locator(".cm-line", { hasText: '"id": "vip-spring",' }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type('"eligibilty": true,');
    const pathButton = page.getByRole("button", { name: "$.offers[0].eligibilty", exact: true });
    await pathButton.waitFor({ timeout: 10_000 });
    const item = page.locator(".cat-problems li", { has: pathButton });
    expect(await item.innerText()).toContain(`line ${idLine + 1}`);
    expect(await item.innerText()).toContain('did you mean "eligibility"');
    expect(await page.locator("#catalog-check").innerText()).toBe("1 error");
    // Marked in the text (the key) and in the gutter, on that line.
    const line = page.locator(".cm-line", { hasText: '"eligibilty": true,' });
    await expect.poll(() => line.locator(".cm-lintRange-error").allTextContents()).toEqual(['"eligibilty"']);
    const lineBox = (await line.boundingBox())!;
    const marker = page.locator(".cm-gutter-lint .cm-gutterElement", { has: page.locator(".cm-lint-marker-error") });
    expect(Math.abs((await marker.boundingBox())!.y - lineBox.y)).toBeLessThan(4);
    const number = page.locator(".cm-lineNumbers .cm-gutterElement", { hasText: new RegExp(`^${idLine + 1}$`) });
    expect(Math.abs((await number.boundingBox())!.y - lineBox.y)).toBeLessThan(4);

    // The path moves the cursor to the marked key, focus in the editor.
    await page.locator("#cat-publish-h").scrollIntoViewIfNeeded();
    await pathButton.click();
    expect(await page.evaluate(() => document.activeElement?.classList.contains("cm-content"))).toBe(true);
    expect(await page.locator(".cm-activeLine").innerText()).toContain('"eligibilty": true,');
    expect(await page.evaluate(() => getSelection()?.toString())).toBe('"eligibilty"');

    // The editor does not trap the keyboard: Escape then Tab (and Tab alone) move on.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest(".cm-editor")))).toBe(false);
    await page.locator(".cm-content").focus();
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest(".cm-editor")))).toBe(false);

    // Not publishable while invalid.
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(() => page.locator("#catalog-status").innerText()).toContain("Not published");
    expect((await activeCatalog()).version).toBe(original.version);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("previews a modal with the SDK's renderer in light and dark, desktop and phone; a form edit changes the JSON, the diff shows it, publishing works", async () => {
    const { context, page, errors } = await openCatalog();
    const welcome = original.catalog.offers.find((o) => o.id === "welcome")!;
    const title = welcome.message!.title!;
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ label: offerOption("welcome") });

    // The preview: the web SDK's presenter (its shadow root, its stylesheet, its dialog) in four frames.
    const light = await renderedMessage(page, "light", "desktop");
    expect(light).toMatchObject({ modal: "true", layoutClass: "r m", background: "rgb(255, 255, 255)", frameWidth: 1024, sdkStyles: true });
    expect(light.text).toContain(title);
    const dark = await renderedMessage(page, "dark", "desktop");
    expect(dark).toMatchObject({ modal: "true", background: "rgb(32, 33, 36)", frameWidth: 1024 });
    const phone = await renderedMessage(page, "light", "phone");
    expect(phone.frameWidth).toBe(390);
    expect(phone.boxWidth).toBeLessThanOrEqual(390 - 32);
    expect((await renderedMessage(page, "dark", "phone")).background).toBe("rgb(32, 33, 36)");
    // A text alternative says what each (inert) frame shows.
    expect(await page.locator(".cat-frame-summary").first().innerText()).toContain(`modal message titled "${title}"`);

    // Form → JSON: the title typed in the form is in the editor's text and in the diff.
    const changed = `${title}, again`;
    await page.getByLabel("Title", { exact: true }).fill(changed);
    await page.getByRole("button", { name: "Show in JSON" }).click();
    await expect.poll(() => page.locator(".cm-line", { hasText: `"title": ${JSON.stringify(changed)}` }).count()).toBe(1);
    const diff = page.locator("#cat-diff");
    await expect.poll(() => diff.locator("caption").innerText()).toContain("1 line added, 1 removed");
    expect(await diff.locator("tr.cat-diff-del").innerText()).toContain(`"title": ${JSON.stringify(title)}`);
    expect(await diff.locator("tr.cat-diff-add").innerText()).toContain(`"title": ${JSON.stringify(changed)}`);
    // The preview follows the edit.
    await expect.poll(async () => (await renderedMessage(page, "light", "phone")).text).toContain(changed);

    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(() => page.locator("#catalog-status").innerText(), { timeout: 15_000 }).toMatch(/^Published version /);
    const published = await activeCatalog();
    expect(published.version).not.toBe(original.version);
    expect(published.catalog.offers.find((o) => o.id === "welcome")!.message!.title).toBe(changed);
    expect(await page.locator("#catalog-status").innerText()).toBe(`Published version ${published.version}.`);
    await expect.poll(() => page.locator("#cat-diff").innerText()).toContain("no changes");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("previews an app message placement with the mobile SDK's WebView renderer on a phone, light and dark, inert and out of the focus order; a web placement stays the web SDK's; an app content placement shows what getOffers gets", async () => {
    const { context, page, errors } = await openCatalog();
    const { catalog } = await activeCatalog();
    const welcome = catalog.offers.find((o) => o.id === "welcome")!;
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ label: offerOption("welcome") });
    const note = page.locator(".cat-preview-note");

    // The offer's web placement (web-messages, the first): the web SDK's presenter, four frames.
    expect((await renderedMessage(page, "light", "desktop")).sdkStyles).toBe(true);
    expect(await note.innerText()).toContain("rendered by the web SDK's renderer");
    expect(await page.locator('iframe[data-renderer="web"]').count()).toBe(4);

    // Its app placement: the mobile SDK's WebView document, one phone per colour scheme, no width choice.
    const placement = page.getByLabel("Placement", { exact: true });
    await placement.selectOption("app-messages");
    await expect.poll(() => note.innerText()).toContain("app message placement, modal layout, rendered by the mobile SDK's WebView renderer");
    await expect.poll(() => page.locator('iframe[data-renderer="web"]').count()).toBe(0);
    await expect.poll(() => page.locator('iframe[data-renderer="mobile"]').count()).toBe(2);
    expect(await page.getByRole("group", { name: "Width" }).count()).toBe(0);
    expect(await page.getByRole("group", { name: "Colour scheme" }).count()).toBe(1);

    // What renderMessageHtml makes of this decision (as webViewPresenter calls it), for comparison.
    const expected = renderMessageHtml({ placement: "app-messages", offerId: "welcome", fallback: false, message: welcome.message, deepLinkSchemes: [] } as unknown as MessageDecision, { channel: "test" });
    const normalize = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/'nonce-[^']*'/g, "'nonce-'").replace(/"channel":"[^"]*"/, '"channel":""');
    for (const theme of ["light", "dark"] as const) {
      const { element, frame } = await appFrame(page, theme);
      // Isolated: a sandboxed frame of its own (opaque origin), the document given as srcdoc.
      expect(await element.getAttribute("sandbox")).toBe("allow-scripts");
      expect(await element.evaluate((e) => (e as HTMLIFrameElement).inert && e.closest(".cat-phone")!.hasAttribute("inert") && e.tabIndex === -1)).toBe(true);
      // The renderer's document as this frame's parser builds it (parsed in the console: the frame's CSP would refuse its nonces).
      const expectedDocument = await page.evaluate((want) => new DOMParser().parseFromString(want, "text/html").documentElement.outerHTML, asPicture(inScheme(expected, theme)));
      const seen = await frame.evaluate(() => {
        const x = document.querySelector<HTMLElement>(".x")!;
        return {
          origin,
          parentReachable: (() => {
            try {
              return Boolean(parent.document);
            } catch {
              return false;
            }
          })(),
          // The whole document is the renderer's (nonces and the bridge's channel aside): its markup, styles, CSP and bridge.
          document: document.documentElement.outerHTML,
          layout: document.documentElement.className,
          dialog: x.getAttribute("role"),
          modal: x.getAttribute("aria-modal"),
          backdrop: Boolean(document.querySelector('.k[data-ew="backdrop"] > .x')),
          close: document.querySelector('button.c[data-ew="close"]')?.getAttribute("aria-label"),
          title: document.getElementById("ew-t")?.textContent,
          buttons: [...document.querySelectorAll(".a button[data-ew]")].map((b) => b.textContent),
          csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content"),
          bridge: typeof (window as unknown as { edgewise?: { close?: unknown } }).edgewise?.close,
          webSdk: document.querySelectorAll("[data-edgewise-message]").length,
          background: getComputedStyle(x).backgroundColor,
          scheme: getComputedStyle(document.documentElement).colorScheme,
          browserPrefersDark: matchMedia("(prefers-color-scheme: dark)").matches,
          width: innerWidth,
          boxWidth: x.getBoundingClientRect().width,
          focused: document.activeElement === document.body,
        };
      });
      expect(normalize(seen.document)).toBe(normalize(expectedDocument));
      expect(seen).toMatchObject({ origin: "null", parentReachable: false, layout: "modal", dialog: "dialog", modal: "true", backdrop: true, close: "Close", title: welcome.message!.title, buttons: ["Start shopping", "Close"], bridge: "function", webSdk: 0, width: 390, focused: true });
      expect(seen.csp).toMatch(/^default-src 'none'; style-src 'nonce-/);
      // Light and dark while the browser prefers light: the document's own rules, evaluated as each scheme.
      expect(seen.browserPrefersDark).toBe(false);
      expect([seen.background, seen.scheme]).toEqual(theme === "dark" ? ["rgb(32, 33, 36)", "dark"] : ["rgb(255, 255, 255)", "light"]);
      expect(seen.boxWidth).toBeLessThanOrEqual(390 - 32);
    }
    const summary = page.locator(".cat-frame-summary").first();
    expect(await summary.innerText()).toContain(`modal message titled "${welcome.message!.title}"`);
    // The app gets no image from a relative URL: the preview says so.
    expect(await summary.innerText()).toContain("Its image (/shop/welcome.svg) is left out");

    // Inert: the focus never went into a phone, Tab never goes there, and a click reaches neither the document nor the console.
    const inPreview = () => page.evaluate(() => document.activeElement?.tagName === "IFRAME" || Boolean(document.activeElement?.closest(".cat-frames")));
    expect(await inPreview()).toBe(false);
    await placement.focus();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      expect(await inPreview()).toBe(false);
    }
    const { element, frame } = await appFrame(page, "light");
    await frame.evaluate(() => {
      const w = window as unknown as { clicks: number };
      w.clicks = 0;
      document.addEventListener("click", () => w.clicks++, true);
    });
    // What the phones' documents post to the console from now on, by colour scheme.
    await page.evaluate(() => {
      const w = window as unknown as { bridge: { theme?: string; data: unknown }[] };
      w.bridge = [];
      addEventListener("message", (event) => {
        const from = [...document.querySelectorAll<HTMLIFrameElement>('iframe[data-renderer="mobile"]')].find((f) => f.contentWindow === event.source);
        w.bridge.push({ theme: from?.dataset.theme, data: event.data });
      });
    });
    const bridge = () => page.evaluate(() => (window as unknown as { bridge: { theme?: string; data: unknown }[] }).bridge);
    const frameBox = (await element.boundingBox())!;
    const button = await frame.evaluate(() => {
      const r = document.querySelector(".a button")!.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    const scale = frameBox.width / 390;
    const url = page.url();
    await page.mouse.click(frameBox.x + button.x * scale, frameBox.y + button.y * scale);
    await page.waitForTimeout(300);
    expect(await frame.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(0);
    expect(await bridge()).toEqual([]);
    expect(page.url()).toBe(url);
    expect(await frame.evaluate(() => Boolean(document.querySelector(".x")))).toBe(true);

    expect(await seriousViolations(page)).toEqual([]);

    // A banner comes in below the app bar, its WebView as tall as the document said (its bridge's ready).
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ label: offerOption("cart-reminder") });
    await placement.selectOption("app-messages");
    await expect.poll(() => note.innerText()).toContain("banner layout, rendered by the mobile SDK's WebView renderer");
    await expect.poll(() => page.locator(".cat-frame-summary").allInnerTexts()).toEqual([expect.stringMatching(/^Shows: banner message/), expect.stringMatching(/^Shows: banner message/)]);
    const banner = await appFrame(page, "dark");
    expect(await banner.frame.evaluate(() => document.documentElement.className)).toBe("banner");
    const ready = (await bridge()).filter((m) => m.theme === "dark").map((m) => JSON.parse(String(m.data)) as { type: string; offerId: string; height: number }).find((m) => m.type === "ready" && m.offerId === "cart-reminder")!;
    expect(ready.height).toBeGreaterThan(100);
    await expect.poll(() => banner.element.evaluate((e) => [(e as HTMLElement).style.top, (e as HTMLElement).style.height])).toEqual(["92px", `${Math.ceil(ready.height)}px`]);

    // At 360 px the phones are scaled to fit, without sideways scrolling.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll(".cat-frame-box")].every((b) => b.getBoundingClientRect().right <= 360))).toBe(true);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1200, height: 900 });

    // An app content placement: no renderer, the offers getOffers resolves with.
    const vip = catalog.offers.find((o) => o.id === "vip-spring")! as unknown as { content: { title: string } };
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ label: offerOption("vip-spring") });
    await placement.selectOption("app-home");
    await expect.poll(() => note.innerText()).toContain("app json placement: no SDK renderer draws it, the app does, from what the mobile SDK's getOffers receives");
    const offers = JSON.parse(await page.locator("pre.cat-json").innerText());
    expect(offers).toEqual([{ placement: "app-home", offerId: "vip-spring", fallback: false, content: expect.objectContaining({ title: vip.content.title, cta: "/shop/offers.html#vip-sale" }) }]);
    // Its templates rendered with the sample profile, unescaped as decide leaves json content.
    expect(offers[0].content.html).toContain("<h2>Hi Ana, your VIP sale is on</h2>");
    expect(await page.locator(".cat-app-offer").innerText()).toContain('await edgewise.getOffers(["app-home"])');
    expect(await page.locator(".cat-preview iframe").count()).toBe(0);
    expect(await page.getByRole("group", { name: "Colour scheme" }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("compares a previous version with the active one and rolls back to it", async () => {
    // The test above published a new version; on its own, this one publishes it through the API.
    if ((await activeCatalog()).version === original.version) {
      const edited = structuredClone(original.catalog);
      edited.offers.find((o) => o.id === "welcome")!.message!.title += ", again";
      const response = await fetch(`${edgeUrl}/v1/admin/catalog`, { method: "PUT", headers: { ...ADMIN, "content-type": "application/json" }, body: JSON.stringify(edited) });
      expect(response.status).toBe(200);
    }
    const { context, page, errors } = await openCatalog();
    const active = await activeCatalog();
    expect(active.version).not.toBe(original.version);
    const versions = page.locator("table", { has: page.locator("caption", { hasText: "Catalog versions" }) });
    await versions.locator("tr", { hasText: original.version }).waitFor();
    await page.getByRole("button", { name: `Compare ${original.version}` }).click();
    const comparison = page.locator(".cat-compare table");
    await comparison.waitFor();
    const title = original.catalog.offers.find((o) => o.id === "welcome")!.message!.title!;
    expect(await comparison.locator("tr.cat-diff-add").innerText()).toContain(`"title": ${JSON.stringify(title)}`);
    await page.getByRole("button", { name: `Activate ${original.version}` }).click();
    await expect.poll(() => page.locator("#catalog-status").innerText(), { timeout: 15_000 }).toContain(`Version ${original.version} is active again (previous: ${active.version})`);
    const restored = await activeCatalog();
    expect(restored.version).toBe(original.version);
    expect(restored.catalog.offers.find((o) => o.id === "welcome")!.message!.title).toBe(title);
    await expect.poll(() => page.locator("#catalog-h").innerText()).toContain(`active version ${original.version}`);
    expect(await versions.locator("tr", { hasText: original.version }).locator("td").last().innerText()).toBe("active");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fits a 360 px screen without sideways scrolling, the phone preview scaled to fit", async () => {
    const { context, page, errors } = await openCatalog(360, 740);
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ label: offerOption("welcome") });
    await renderedMessage(page, "dark", "phone");
    const sizes = await page.evaluate(() => ({
      page: document.scrollingElement!.scrollWidth,
      view: innerWidth,
      catalog: document.querySelector(".catalog-view")!.getBoundingClientRect().right,
      frames: [...document.querySelectorAll(".cat-frame-box")].map((b) => b.getBoundingClientRect().right),
      editor: document.querySelector(".cm-editor")!.getBoundingClientRect().right,
    }));
    expect(sizes.page).toBeLessThanOrEqual(sizes.view);
    expect(sizes.catalog).toBeLessThanOrEqual(360);
    expect(sizes.editor).toBeLessThanOrEqual(360);
    expect(sizes.frames.length).toBe(4);
    for (const right of sizes.frames) expect(right).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("has no serious or critical axe-core violation, with the forms, the editor, the problems list and the preview showing", async () => {
    const { context, page, errors } = await openCatalog();
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ label: offerOption("welcome") });
    await renderedMessage(page, "light", "desktop");
    expect(await seriousViolations(page)).toEqual([]);
    // With an error marked in the editor and listed, and a diff.
    await page.getByLabel("Layout (required)").selectOption("banner");
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ label: offerOption("vip-spring") });
    await page.getByRole("button", { name: "Show in JSON" }).click();
    await page.locator(".cm-line", { hasText: '"id": "vip-spring",' }).click();
    await page.keyboard.press("End");
    await page.keyboard.type(' "nope": 1,');
    await page.getByRole("button", { name: "$.offers[0].nope", exact: true }).waitFor();
    await expect.poll(() => page.locator("#cat-diff caption").count()).toBe(1);
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ label: offerOption("welcome") });
    // A form field's error is tied to it: aria-invalid, and aria-describedby names the error's text.
    const body = page.getByLabel("Body", { exact: true });
    await body.fill("{{ profile.firstName | uper }}");
    await expect.poll(() => body.getAttribute("aria-invalid")).toBe("true");
    const described = await body.evaluate((element) => element.getAttribute("aria-describedby")!.split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" | "));
    expect(described).toContain('unknown filter "uper"');
    expect(await page.locator("#cat-entity-problems").innerText()).toContain("error");
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

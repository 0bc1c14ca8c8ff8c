import { describe, expect, it } from "vitest";
import { generatePage } from "../../../../infra/source/generate.ts";
import { isJsonSafe, JsonWriter } from "../../../../infra/source/json.ts";
import { parseQuery } from "../../../../infra/source/query.ts";
import { renderPage } from "../../../../infra/source/render.ts";

describe("renderPage", () => {
  it.each([
    "results=3000&seed=render",
    "results=500&seed=render&nat=ir,ua,rs,tr,no,dk&page=7",
    "results=100&seed=render&inc=login,nat,id&noinfo",
    "results=100&seed=render&exc=gender,name,location",
    "results=10&seed=%22quoted%5C%22%20%E2%80%A8%0A%F0%9F%98%80&gender=male",
    "results=10&seed=render&inc=bogus",
  ])("writes exactly JSON.stringify's bytes for %s", (search) => {
    const query = parseQuery(new URLSearchParams(search));
    expect(renderPage(query).equals(Buffer.from(JSON.stringify(generatePage(query))))).toBe(true);
  });
});

describe("JsonWriter", () => {
  it("escapes strings as JSON.stringify does, encodes UTF-8, and grows as needed", () => {
    const samples = [
      'a"b',
      "back\\slash",
      "tab\there",
      "\u0000\u001f\u007f",
      "Zoë",
      "آرش",
      "😀",
      "\ud800",
      "x",
    ];
    const writer = new JsonWriter(1);
    writer.json("[");
    for (const sample of samples) {
      writer.string(sample);
      writer.json(",");
    }
    writer.json('"Zoë ✓",');
    writer.number(12.5);
    writer.json(",");
    writer.number(Number.NaN);
    writer.json("]");
    const expected = JSON.stringify([...samples, "Zoë ✓", 12.5, null]);
    expect(writer.toBuffer().toString("utf8")).toBe(expected);
    expect(writer.size).toBe(Buffer.byteLength(expected));
  });

  it("tells JSON-safe text from text that needs escaping", () => {
    expect(isJsonSafe("Zoë Ørsted آرش 😀")).toBe(true);
    for (const text of ['"', "\\", "\n", "\u0001", "\ud800"]) expect(isJsonSafe(text)).toBe(false);
  });
});

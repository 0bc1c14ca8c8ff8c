import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { zipArchive } from "../../../../infra/bundle/zip.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Python's zipfile reads it back: names, modes, CRCs (testzip) and contents. */
async function readBack(zip: Buffer) {
  const dir = await mkdtemp(join(tmpdir(), "zip-"));
  dirs.push(dir);
  const file = join(dir, "a.zip");
  await writeFile(file, zip);
  const script = `import sys, zipfile, json, base64
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({"bad": z.testzip(), "entries": [
  {"name": i.filename, "mode": oct(i.external_attr >> 16), "data": base64.b64encode(z.read(i)).decode()}
  for i in z.infolist()]}))`;
  return JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8" })) as {
    bad: string | null;
    entries: { name: string; mode: string; data: string }[];
  };
}

describe("zipArchive", () => {
  it("writes a valid archive, entries sorted, regular files readable by all", async () => {
    const big = randomBytes(200_000);
    const zip = await zipArchive([
      { name: "functions/sink/handler.mjs", data: Buffer.from("export const handler = () => 1;\n") },
      { name: "a/ü.bin", data: big },
      { name: "empty.txt", data: new Uint8Array() },
    ]);
    const { bad, entries } = await readBack(zip);
    expect(bad).toBeNull();
    expect(entries.map((e) => e.name)).toEqual(["a/ü.bin", "empty.txt", "functions/sink/handler.mjs"]);
    expect(entries.every((e) => e.mode === "0o100644")).toBe(true);
    expect(Buffer.from(entries[0]?.data ?? "", "base64").equals(big)).toBe(true);
    expect(Buffer.from(entries[2]?.data ?? "", "base64").toString()).toBe(
      "export const handler = () => 1;\n",
    );
  });

  it("depends on the contents only, not on the order given or the time", async () => {
    const a = { name: "a.mjs", data: Buffer.from("a") };
    const b = { name: "b.mjs", data: Buffer.from("b") };
    const first = await zipArchive([a, b]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(first.equals(await zipArchive([b, a]))).toBe(true);
    expect((await zipArchive([a])).equals(await zipArchive([{ ...a, data: Buffer.from("c") }]))).toBe(false);
  });
});

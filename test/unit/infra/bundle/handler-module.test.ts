import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeTarget } from "../../../../infra/bundle/bundle.ts";
import { HandlerNotFoundError } from "../../../../infra/bundle/errors.ts";
import { handlerSourceFile, parseHandler } from "../../../../infra/bundle/handler-module.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("parseHandler", () => {
  it("splits at the last dot, as Lambda does, and names the .mjs Lambda loads", () => {
    expect(parseHandler("ingest", "functions/ingest/handler.handler")).toEqual({
      module: "functions/ingest/handler",
      exportName: "handler",
      bundledFile: "functions/ingest/handler.mjs",
    });
    expect(parseHandler("f", "src/v1.2/main.run")).toMatchObject({
      module: "src/v1.2/main",
      exportName: "run",
    });
  });

  it.each(["handler", ".handler", "functions/ingest/handler.", "functions/."])(
    "rejects %j naming the function",
    (handler) => {
      expect(() => parseHandler("ingest", handler)).toThrow(HandlerNotFoundError);
      expect(() => parseHandler("ingest", handler)).toThrow(/function ingest: handler/);
    },
  );
});

describe("handlerSourceFile", () => {
  it("prefers .ts, falls back to .mjs, and lists every file tried when none exists", async () => {
    const dir = await mkdtemp(join(tmpdir(), "handler-module-"));
    dirs.push(dir);
    await mkdir(join(dir, "fn"));
    await writeFile(join(dir, "fn", "a.ts"), "");
    await writeFile(join(dir, "fn", "a.mjs"), "");
    await writeFile(join(dir, "fn", "b.mjs"), "");
    expect(await handlerSourceFile(dir, parseHandler("a", "fn/a.handler"), "a")).toBe(
      join(dir, "fn", "a.ts"),
    );
    expect(await handlerSourceFile(dir, parseHandler("b", "fn/b.handler"), "b")).toBe(
      join(dir, "fn", "b.mjs"),
    );
    const missing = handlerSourceFile(dir, parseHandler("c", "fn/c.handler"), "c");
    await expect(missing).rejects.toThrow(HandlerNotFoundError);
    await expect(missing).rejects.toThrow(`tried ${join(dir, "fn", "c.ts")}, ${join(dir, "fn", "c.mts")}`);
  });
});

describe("nodeTarget", () => {
  it("maps Lambda's Node.js runtimes to esbuild targets and nothing else", () => {
    expect(nodeTarget("nodejs24.x")).toBe("node24");
    expect(nodeTarget("nodejs20.x")).toBe("node20");
    expect(nodeTarget("python3.13")).toBeNull();
    expect(nodeTarget("provided.al2023")).toBeNull();
  });
});

import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseFaultConfig } from "../../../../infra/source/faults.ts";
import { silentLog } from "../../../../infra/source/log.ts";
import { apiResponseSchema } from "../../../../infra/source/schema.ts";
import {
  createSourceServer,
  REQUEST_CHANNEL,
  type RequestEvent,
  type SourceServer,
} from "../../../../infra/source/server.ts";

let source: SourceServer;
let base: string;

beforeAll(async () => {
  source = createSourceServer({ log: silentLog });
  ({ url: base } = await source.listen(0));
});

afterAll(async () => {
  await source.close();
});

beforeEach(() => {
  source.faults.configure(parseFaultConfig({}));
});

async function errorOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: string }).error;
}

async function get(path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(base + path);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A GET that reports a body cut short instead of throwing. */
function rawGet(
  path: string,
): Promise<{ status: number; received: number; expected: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    request(base + path, (res) => {
      let received = 0;
      const expected = Number(res.headers["content-length"]);
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, received, expected, complete: res.complete }),
      );
      res.on("error", () => resolve({ status: res.statusCode ?? 0, received, expected, complete: false }));
    })
      .on("error", reject)
      .end();
  });
}

describe("GET /api/", () => {
  it("answers a page in upstream's shape, as JSON", async () => {
    const { status, headers, text } = await get("/api/?results=25&seed=http&page=2");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = apiResponseSchema.parse(JSON.parse(text));
    expect(body.results).toHaveLength(25);
    expect(body.info).toEqual({ seed: "http", results: 25, page: 2, version: "1.4" });
  });

  it("answers /api, /api/1.4 and /api/1.4/ identically, byte for byte, every time", async () => {
    const bodies = await Promise.all(
      ["/api", "/api/", "/api/1.4", "/api/1.4/", "/api/"].map(
        async (path) => (await get(`${path}?seed=s&results=40`)).text,
      ),
    );
    expect(new Set(bodies).size).toBe(1);
  });

  it("generates a seed when none is given and echoes it in info", async () => {
    const first = JSON.parse((await get("/api/")).text);
    expect(first.info.seed).toMatch(/^[0-9a-f]{16}$/);
    const again = JSON.parse((await get(`/api/?seed=${first.info.seed}`)).text);
    expect(again).toEqual(first);
  });

  it("answers HEAD without a body and other methods with 405", async () => {
    const head = await fetch(`${base}/api/?results=3`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(`${base}/api/`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers 400 with upstream's error body for any format but JSON", async () => {
    const { status, text } = await get("/api/?format=xml");
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: expect.stringContaining('unsupported format "xml"') });
  });

  it("answers 404 with an error body on unknown paths", async () => {
    for (const path of ["/", "/api/1.3/", "/apis", "/api/1.4/x"]) {
      const { status, text } = await get(path);
      expect(status).toBe(404);
      expect(JSON.parse(text).error).toMatch(/not found/);
    }
  });
});

describe("faults", () => {
  it("are off by default and configurable with PUT /_faults, which GET /_faults echoes", async () => {
    expect(JSON.parse((await get("/_faults")).text)).toMatchObject({ errorRate: 0, truncateRate: 0 });
    const put = await fetch(`${base}/_faults`, { method: "PUT", body: JSON.stringify({ errorRate: 0.5 }) });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ errorRate: 0.5, rateLimitRate: 0 });
    expect(JSON.parse((await get("/_faults")).text)).toMatchObject({ errorRate: 0.5 });
  });

  it("rejects unknown keys, bad values and bad JSON with 400, keeping the configuration", async () => {
    const unknown = await fetch(`${base}/_faults`, {
      method: "PUT",
      body: JSON.stringify({ errorRate: 0.1, eror: 1, latncy: 2 }),
    });
    expect(unknown.status).toBe(400);
    expect(await errorOf(unknown)).toMatch(/Unrecognized keys: "eror", "latncy"/);
    const bad = await fetch(`${base}/_faults`, { method: "PUT", body: '{"errorRate": 2}' });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatch(/errorRate/);
    const notJson = await fetch(`${base}/_faults`, { method: "PUT", body: "errorRate=1" });
    expect(notJson.status).toBe(400);
    expect(await errorOf(notJson)).toMatch(/not JSON/);
    expect(JSON.parse((await get("/_faults")).text)).toMatchObject({ errorRate: 0 });
  });

  it("answers 500 and 429 with Retry-After", async () => {
    source.faults.configure(parseFaultConfig({ errorRate: 1 }));
    const error = await get("/api/?results=2");
    expect(error.status).toBe(500);
    expect(JSON.parse(error.text).error).toMatch(/something has gone wrong/);
    source.faults.configure(parseFaultConfig({ rateLimitRate: 1, retryAfterSeconds: 7 }));
    const limited = await get("/api/?results=2");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(JSON.parse(limited.text).error).toMatch(/ease up/);
  });

  it("cuts bodies mid-way after a valid status and headers, then closes the connection", async () => {
    source.faults.configure(parseFaultConfig({ truncateRate: 1 }));
    const cut = await rawGet("/api/?results=200&seed=cut");
    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(cut.received).toBeGreaterThan(0);
    expect(cut.received).toBeLessThan(cut.expected);
    await expect(
      fetch(`${base}/api/?results=200&seed=cut`).then((response) => response.text()),
    ).rejects.toThrow();
  });

  it("delays responses by latency plus jitter", async () => {
    source.faults.configure(parseFaultConfig({ latencyMs: 150, jitterMs: 50 }));
    const started = performance.now();
    expect((await get("/api/")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("are reproducible: the same seed gives the same statuses for the same sequence of requests", async () => {
    const config = parseFaultConfig({ errorRate: 0.3, rateLimitRate: 0.2, seed: "replay" });
    const run = async () => {
      source.faults.configure(config);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await get("/api/?results=1")).status);
      return statuses;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 429, 500]));
    expect(await run()).toEqual(first);
  });
});

describe("GET /_stats and the request channel", () => {
  it("count requests, users served and faults by kind", async () => {
    const before = JSON.parse((await get("/_stats")).text);
    const events: RequestEvent[] = [];
    const listener = (event: unknown) => events.push(event as RequestEvent);
    subscribe(REQUEST_CHANNEL, listener);
    try {
      await get("/api/?results=30");
      await get("/api/?results=12&format=csv");
      source.faults.configure(parseFaultConfig({ errorRate: 1 }));
      await get("/api/?results=30");
      source.faults.configure(parseFaultConfig({ truncateRate: 1 }));
      await rawGet("/api/?results=30");
      source.faults.configure(parseFaultConfig({ latencyMs: 1 }));
      await get("/api/?results=5");
    } finally {
      unsubscribe(REQUEST_CHANNEL, listener);
    }
    const after = JSON.parse((await get("/_stats")).text);
    expect(after.requests - before.requests).toBe(5);
    expect(after.users - before.users).toBe(35);
    expect(after.responses["200"] - (before.responses["200"] ?? 0)).toBe(3);
    expect(after.responses["400"] - (before.responses["400"] ?? 0)).toBe(1);
    expect(after.responses["500"] - (before.responses["500"] ?? 0)).toBe(1);
    expect(after.faults.error - before.faults.error).toBe(1);
    expect(after.faults.truncate - before.faults.truncate).toBe(1);
    expect(after.faults.latency - before.faults.latency).toBe(1);
    expect(events.map((event) => [event.status, event.users, event.fault])).toEqual([
      [200, 30, null],
      [400, 0, null],
      [500, 0, "error"],
      [200, 0, "truncate"],
      [200, 5, null],
    ]);
  });
});

describe("close", () => {
  it("answers delayed requests and stops", async () => {
    const own = createSourceServer({ log: silentLog, faults: parseFaultConfig({ latencyMs: 60_000 }) });
    const { url } = await own.listen(0);
    const pending = fetch(`${url}/api/?results=1`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await own.close(2_000);
    expect((await pending).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2_500);
    await expect(fetch(`${url}/api/`)).rejects.toThrow();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLog } from "../../../../../infra/source/log.ts";
import { createSourceServer, type SourceServer } from "../../../../../infra/source/server.ts";
import { loadStackConfig } from "../../../../../infra/stack/config.ts";
import { silentReport } from "../../../../../infra/stack/report.ts";
import { source, sourceUrlOf } from "../../../../../infra/stack/services/source.ts";

let server: SourceServer;
let port: number;

beforeAll(async () => {
  server = createSourceServer({ log: silentLog });
  ({ port } = await server.listen(0));
});

afterAll(async () => {
  await server.close();
});

describe("source service", () => {
  it("listens on STACK_SOURCE_PORT, 3100 by default", () => {
    expect(source.ports(loadStackConfig({}))).toEqual([3100]);
    expect(sourceUrlOf(loadStackConfig({ STACK_SOURCE_PORT: "13100" }))).toBe("http://127.0.0.1:13100");
  });

  it("launches infra/source/main.ts on the running Node with the configured port", async () => {
    const config = loadStackConfig({ STACK_SOURCE_PORT: "13100" });
    const launch = await source.prepare({ config, dir: "/nowhere", report: silentReport });
    expect(launch.command).toBe(process.execPath);
    expect(launch.args[0]).toMatch(/infra\/source\/main\.ts$/);
    expect(launch.args.slice(1)).toEqual(["--port", "13100", "--host", "127.0.0.1"]);
  });

  it("probes with a real request for one valid user, and fails when nothing answers", async () => {
    const context = (p: number) => ({
      config: loadStackConfig({ STACK_SOURCE_PORT: String(p) }),
      dir: "/nowhere",
      report: silentReport,
    });
    await expect(source.probe(context(port))).resolves.toBeUndefined();
    await server.close();
    await expect(source.probe(context(port))).rejects.toThrow();
  });
});

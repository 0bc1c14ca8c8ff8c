import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatLogLine, jsonLogger } from "../../../../infra/esm/log.ts";

describe("formatLogLine", () => {
  it("writes one JSON object with bigints as strings and errors with their cause", () => {
    const line = formatLogLine(
      "warn",
      "retrying",
      { offset: 12n, error: new Error("outer", { cause: "inner" }) },
      new Date(0),
    );
    expect(JSON.parse(line)).toEqual({
      time: "1970-01-01T00:00:00.000Z",
      level: "warn",
      component: "esm",
      message: "retrying",
      offset: "12",
      error: { name: "Error", message: "outer", cause: "inner" },
    });
  });
});

describe("jsonLogger", () => {
  it("drops lines below the minimum level", () => {
    const stream = new PassThrough();
    const log = jsonLogger({ stream, minLevel: "warn" });
    log("info", "quiet");
    log("error", "loud");
    const lines = String(stream.read()).trim().split("\n");
    expect(lines.map((line) => JSON.parse(line).message)).toEqual(["loud"]);
  });
});

import { describe, expect, it } from "vitest";
import { formatCell, renderRecord, renderResult, renderTable } from "../../../../infra/query/render.ts";

describe("formatCell", () => {
  it("shows null as empty and rounds fractions to two decimals unless told not to", () => {
    expect(formatCell(null)).toBe("");
    expect(formatCell(51.666666666666664)).toBe("51.67");
    expect(formatCell(-69.8246, false)).toBe("-69.8246");
    expect(formatCell(1000)).toBe("1000");
    expect(formatCell("DE")).toBe("DE");
  });
});

describe("renderTable", () => {
  it("aligns columns, right-aligns numeric ones and counts the rows", () => {
    const table = renderTable(
      ["country_code", "users", "average_age"],
      [
        { country_code: "BR", users: 3, average_age: 50.666666666666664 },
        { country_code: "NL", users: 12345, average_age: null },
      ],
    );
    expect(table).toBe(
      [
        "COUNTRY_CODE  USERS  AVERAGE_AGE",
        "BR                3        50.67",
        "NL            12345",
        "(2 rows)",
        "",
      ].join("\n"),
    );
  });

  it("prints the header and (0 rows) when nothing matched, and (1 row) for one", () => {
    expect(renderTable(["user_id"], [])).toBe("USER_ID\n(0 rows)\n");
    expect(renderTable(["user_id"], [{ user_id: "a" }])).toBe("USER_ID\na\n(1 row)\n");
  });
});

describe("renderRecord and renderResult", () => {
  it("prints a record as field/value lines, or JSON with --json", () => {
    expect(renderRecord({ country_code: "NL", users: 3, city: null })).toBe(
      "country_code  NL\nusers         3\ncity\n",
    );
    expect(renderResult({ kind: "record", record: { users: 5 } }, true)).toBe('{\n  "users": 5\n}\n');
    expect(
      JSON.parse(renderResult({ kind: "rows", columns: ["a"], rows: [{ a: 1 }, { a: null }] }, true)),
    ).toEqual([{ a: 1 }, { a: null }]);
    expect(renderResult({ kind: "rows", columns: ["a"], rows: [{ a: 1 }] }, false)).toBe("A\n1\n(1 row)\n");
  });
});

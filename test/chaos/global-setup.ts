import { join } from "node:path";
import { loadStackConfig } from "../../infra/stack/config.ts";
import { resetFigures, writeReport } from "./support/report.ts";

/**
 * Around the chaos suite (after the integration project's global setup has brought the stack up): forgets the
 * figures of an earlier run, and at the end writes `<stateDir>/chaos/report.{json,md}` and prints the Markdown.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const config = loadStackConfig();
  await resetFigures(config);
  return async () => {
    const markdown = await writeReport(config);
    if (markdown === null) return;
    process.stdout.write(`\n${markdown}\n(written to ${join(config.stateDir, "chaos", "report.md")})\n`);
  };
}

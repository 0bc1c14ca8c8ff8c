import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { loadStackConfig, type StackConfig } from "./config.ts";
import { StackError, UsageError } from "./errors.ts";
import { stderrReport } from "./report.ts";
import { logFileOf, type ServiceDefinition } from "./service.ts";
import { services } from "./services/index.ts";
import { down, type ServiceStatus, status, up } from "./stack.ts";
import { tailFile } from "./supervisor.ts";

const USAGE = `Usage: npm run stack -- <command> [service...] [options]

Commands:
  up [service...]            start services (all by default); a running one is left alone
  down [service...] [--purge]  stop services; --purge also deletes their data
  status [service...] [--json]  pid, ports, health and uptime of each service
  logs [service...] [-n N] [-f]  last N lines (default 50) of each log; -f follows them

Services: ${services.map((service) => service.name).join(", ")}
Configuration: STACK_* environment variables (see README, "Configuration").`;

function select(names: readonly string[]): ServiceDefinition[] {
  if (names.length === 0) return [...services];
  const unknown = names.filter((name) => !services.some((service) => service.name === name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown service(s) ${unknown.join(", ")}; known: ${services.map((s) => s.name).join(", ")}`,
    );
  }
  return services.filter((service) => names.includes(service.name));
}

function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
}

function printStatus(rows: ServiceStatus[]): void {
  const table = [
    ["SERVICE", "STATE", "PID", "PORTS", "HEALTH", "UPTIME"],
    ...rows.map((row) => [
      row.name,
      row.state,
      row.pid === null ? "-" : String(row.pid),
      row.ports.join(","),
      row.healthy === null ? "-" : row.healthy ? "healthy" : "unhealthy",
      row.uptimeMs === null ? "-" : formatDuration(row.uptimeMs),
    ]),
  ];
  const widths =
    table[0]?.map((_, column) => Math.max(...table.map((line) => (line[column] ?? "").length))) ?? [];
  for (const line of table) {
    process.stdout.write(
      `${line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd()}\n`,
    );
  }
}

async function logs(config: StackConfig, selected: ServiceDefinition[], lines: number, follow: boolean) {
  const files = selected.map((service) => logFileOf(config, service.name));
  if (follow) {
    const tail = spawn("tail", ["-n", String(lines), "-F", ...files], { stdio: "inherit" });
    await new Promise((resolve) => tail.once("exit", resolve));
    return;
  }
  for (const file of files) {
    process.stdout.write(`==> ${file} <==\n${(await tailFile(file, lines)) || "(empty)"}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      purge: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      lines: { type: "string", short: "n", default: "50" },
      follow: { type: "boolean", short: "f", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...names] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadStackConfig();
  const selected = select(names);
  switch (command) {
    case "up":
      await up(config, selected, stderrReport);
      printStatus(await status(config, selected));
      return 0;
    case "down":
      await down(config, selected, { purge: values.purge }, stderrReport);
      return 0;
    case "status": {
      const rows = await status(config, selected);
      if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else printStatus(rows);
      return rows.every((row) => row.state !== "crashed" && row.healthy !== false) ? 0 : 1;
    }
    case "logs": {
      const lines = Number(values.lines);
      if (!Number.isInteger(lines) || lines < 1) throw new UsageError(`--lines must be a positive integer`);
      await logs(config, selected, lines, values.follow);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

const [major] = process.versions.node.split(".").map(Number);
if ((major ?? 0) < 24) {
  process.stderr.write(
    `Node ${process.versions.node} is too old: run through npm (npm run stack -- ...), which uses the project's Node 24, ` +
      "or install Node >= 24.\n",
  );
  process.exit(1);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const isArgsError = String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS");
  if (error instanceof StackError || isArgsError) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = error instanceof UsageError || isArgsError ? 2 : 1;
  } else {
    throw error;
  }
}

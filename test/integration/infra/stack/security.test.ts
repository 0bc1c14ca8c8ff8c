import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { services } from "../../../../infra/stack/services/index.ts";
import { status } from "../../../../infra/stack/stack.ts";

const config = loadStackConfig();

/** Every live process whose process group is one of `groups` (the stack starts each service in its own group). */
function processesOf(groups: ReadonlySet<number>): Map<number, number> {
  const members = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (groups.has(Number(pgrp))) members.set(Number(entry), Number(pgrp));
    } catch {
      // The process ended meanwhile.
    }
  }
  return members;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const target = (() => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return "";
        }
      })();
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1]) inodes.add(match[1]);
    }
  } catch {
    // The process ended meanwhile.
  }
  return inodes;
}

/** Listening TCP sockets (state 0A) by inode, with their local address as text. */
function listeningSockets(): Map<string, string> {
  const sockets = new Map<string, string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state] = fields;
      const inode = fields[9];
      if (state !== "0A" || !local || !inode) continue;
      const [hex = "", port = ""] = local.split(":");
      sockets.set(inode, `${addressOf(hex)}:${Number.parseInt(port, 16)}`);
    }
  }
  return sockets;
}

/** /proc/net's little-endian hex address as text: 0100007F → 127.0.0.1; IPv6 as 4 words. */
function addressOf(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const v4 = (word: string) =>
    (word.match(/../g) ?? [])
      .reverse()
      .map((byte) => Number.parseInt(byte, 16))
      .join(".");
  if (words.length === 1) return v4(hex);
  if (words.slice(0, 2).every((w) => w === "00000000") && words[2] === "FFFF0000")
    return `::ffff:${v4(words[3] ?? "")}`;
  if (words.slice(0, 3).every((w) => w === "00000000") && words[3] === "01000000") return "::1";
  return `[${words.join(":")}]`;
}

const isLoopback = (address: string) =>
  /^(127\.\d+\.\d+\.\d+|::ffff:127\.\d+\.\d+\.\d+|::1):\d+$/.test(address);

describe("stack security", () => {
  it("every listening socket of the stack's processes is bound to loopback", async () => {
    const running = (await status(config, services)).filter((s) => s.state === "running" && s.pid !== null);
    expect(running.map((s) => s.name)).toEqual(expect.arrayContaining(["kafka", "cassandra", "moto"]));
    const serviceOfGroup = new Map(running.map((s) => [s.pid as number, s.name]));
    const sockets = listeningSockets();
    const found: string[] = [];
    const exposed: string[] = [];
    for (const [pid, group] of processesOf(new Set(serviceOfGroup.keys()))) {
      for (const inode of socketInodes(pid)) {
        const address = sockets.get(inode);
        if (address === undefined) continue;
        const entry = `${serviceOfGroup.get(group)} (pid ${pid}) ${address}`;
        found.push(entry);
        if (!isLoopback(address)) exposed.push(entry);
      }
    }
    // Each running service's main port is among the sockets found, so the scan is looking at the right processes.
    for (const service of running) {
      const [main] = service.ports;
      if (main !== undefined) expect(found.some((entry) => entry.endsWith(`:${main}`))).toBe(true);
    }
    expect(exposed, `listening beyond loopback:\n${exposed.join("\n")}`).toEqual([]);
  });

  it("keeps the generated credentials in 0600 files and never writes them to a log", () => {
    const files = ["cassandra", "kafka"]
      .map((service) => join(config.stateDir, service, "credentials.json"))
      .filter((file) => {
        try {
          return statSync(file).isFile();
        } catch {
          return false;
        }
      });
    expect(files.length).toBeGreaterThan(0);
    const passwords: string[] = [];
    for (const file of files) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      for (const credentials of Object.values(
        JSON.parse(readFileSync(file, "utf8")) as Record<string, { password: string }>,
      )) {
        passwords.push(credentials.password);
      }
    }
    const logs = (readdirSync(config.stateDir, { recursive: true }) as string[])
      .map((path) => join(config.stateDir, path))
      .filter((path) => /\.(log|out|err)$|\/logs?\//.test(path) && statSync(path).isFile());
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) {
      const text = readFileSync(log, "utf8");
      for (const password of passwords)
        expect(text.includes(password), `a password is in ${log}`).toBe(false);
    }
  });
});

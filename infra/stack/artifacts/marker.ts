import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const MARKER = ".complete.json";

/** Whether `dir` holds a finished resolution of exactly `spec` (a resolution stops short of its marker on failure). */
export async function isComplete(dir: string, spec: unknown): Promise<boolean> {
  try {
    return (await readFile(join(dir, MARKER), "utf8")) === JSON.stringify(spec);
  } catch {
    return false;
  }
}

export async function markComplete(dir: string, spec: unknown): Promise<void> {
  await writeFile(join(dir, MARKER), JSON.stringify(spec));
}

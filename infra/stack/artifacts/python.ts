import { rm } from "node:fs/promises";
import { join } from "node:path";
import { ArtifactError } from "../errors.ts";
import { run } from "../exec.ts";
import type { Report } from "../report.ts";
import { isComplete, markComplete } from "./marker.ts";

/** A named Python virtualenv holding pinned requirements. */
export interface PythonEnv {
  name: string;
  requirements: readonly string[];
}

/**
 * Creates `<cacheDir>/venvs/<name>` with the pinned requirements from PyPI once; later calls reuse it without network.
 *
 * @returns the virtualenv's directory (its executables are in `bin/`).
 * @throws {ArtifactError} when python3 is missing or pip cannot install the requirements.
 */
export async function resolvePythonEnv(cacheDir: string, env: PythonEnv, report: Report): Promise<string> {
  const dir = join(cacheDir, "venvs", env.name);
  if (await isComplete(dir, env)) return dir;
  report(env.name, `installing ${env.requirements.join(" ")} from PyPI into ${dir} (first run only)`);
  const started = Date.now();
  await rm(dir, { recursive: true, force: true });
  try {
    await run("python3", ["-m", "venv", dir]);
    await run(join(dir, "bin", "pip"), [
      "install",
      "--quiet",
      "--disable-pip-version-check",
      ...env.requirements,
    ]);
  } catch (error) {
    throw new ArtifactError(
      `could not install ${env.requirements.join(" ")}: is python3 (with venv) installed and PyPI reachable? ${(error as Error).message}`,
      { cause: error },
    );
  }
  await markComplete(dir, env);
  report(env.name, `installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return dir;
}

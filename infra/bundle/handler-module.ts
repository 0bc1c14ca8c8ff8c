import { access } from "node:fs/promises";
import { join } from "node:path";
import { HandlerNotFoundError } from "./errors.ts";

/** Source extensions tried for a handler's module, in this order. */
export const SOURCE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"] as const;

/** A function's handler split into the module path Lambda resolves and the exported name it calls. */
export interface HandlerModule {
  /** Relative to the service directory, without extension: `functions/ingest/handler`. */
  module: string;
  /** The export Lambda calls: `handler`. */
  exportName: string;
  /** The module as it goes into the zip: Lambda's Node.js runtime loads `<module>.mjs` as an ES module. */
  bundledFile: string;
}

/**
 * Splits a serverless `handler` (`<module path>.<export>`) the way Lambda does: at the last dot.
 *
 * @throws {HandlerNotFoundError} when there is no dot, or either side is empty.
 * @example
 * parseHandler("ingest", "functions/ingest/handler.handler");
 * // { module: "functions/ingest/handler", exportName: "handler", bundledFile: "functions/ingest/handler.mjs" }
 */
export function parseHandler(functionName: string, handler: string): HandlerModule {
  const dot = handler.lastIndexOf(".");
  const module = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  if (dot <= 0 || exportName === "" || module.endsWith("/")) {
    throw new HandlerNotFoundError(functionName, handler, "expected <module path>.<exported function>");
  }
  return { module, exportName, bundledFile: `${module}.mjs` };
}

/**
 * The source file of a handler's module in the service directory: the first of `<module>.ts`, `.mts`, `.js`, `.mjs`.
 *
 * @throws {HandlerNotFoundError} naming every file tried.
 * @example
 * await handlerSourceFile("/repo", parseHandler("ingest", "functions/ingest/handler.handler"), "ingest");
 * // "/repo/functions/ingest/handler.ts"
 */
export async function handlerSourceFile(
  serviceDir: string,
  handler: HandlerModule,
  functionName: string,
): Promise<string> {
  const candidates = SOURCE_EXTENSIONS.map((extension) => join(serviceDir, `${handler.module}${extension}`));
  for (const candidate of candidates) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the next extension
    }
  }
  throw new HandlerNotFoundError(
    functionName,
    `${handler.module}.${handler.exportName}`,
    `no source file (tried ${candidates.join(", ")})`,
  );
}

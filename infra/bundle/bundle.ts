import { build } from "esbuild";
import { BuildFailedError } from "./errors.ts";
import { type HandlerModule, handlerSourceFile, parseHandler } from "./handler-module.ts";

/** What to bundle: one function's handler, from the service directory. */
export interface BundleRequest {
  serviceDir: string;
  functionName: string;
  /** serverless.yml's `handler`, e.g. `functions/ingest/handler.handler`. */
  handler: string;
  /** Lambda runtime, e.g. `nodejs24.x`; the bundle targets that Node version's syntax. */
  runtime: string;
  /** Package substitutions, e.g. a dependency's bundler-ready entry for one that reads files next to itself. */
  alias?: Readonly<Record<string, string>>;
}

/** One function's deployable code: a single ES module holding the handler and every dependency. */
export interface FunctionBundle {
  handler: HandlerModule;
  /** The handler's source file. */
  source: string;
  code: Uint8Array;
}

// CommonJS dependencies bundled into an ES module still call `require` for Node built-ins; give them one.
const REQUIRE_SHIM =
  'import { createRequire as bundleCreateRequire } from "node:module"; const require = bundleCreateRequire(import.meta.url);';

/**
 * The esbuild target for a Lambda Node.js runtime (`nodejs24.x` → `node24`), or null for any other runtime.
 *
 * @example
 * nodeTarget("nodejs24.x"); // "node24"
 * nodeTarget("python3.13"); // null
 */
export function nodeTarget(runtime: string): string | null {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? `node${match[1]}` : null;
}

/**
 * Bundles a function's handler (TypeScript or JavaScript, with `.ts` imports) and its dependencies into one ES module
 * that Lambda's Node.js runtime loads as `<handler module>.mjs`, so the function's `handler` setting stays as it is.
 *
 * @throws {HandlerNotFoundError} when the handler names no source file.
 * @throws {BuildFailedError} with esbuild's errors when the code does not bundle.
 * @example
 * const bundle = await bundleFunction({ serviceDir: "/repo", functionName: "ingest",
 *   handler: "functions/ingest/handler.handler", runtime: "nodejs24.x" });
 * bundle.handler.bundledFile; // "functions/ingest/handler.mjs"
 */
export async function bundleFunction(request: BundleRequest): Promise<FunctionBundle> {
  const handler = parseHandler(request.functionName, request.handler);
  const source = await handlerSourceFile(request.serviceDir, handler, request.functionName);
  try {
    const result = await build({
      absWorkingDir: request.serviceDir,
      entryPoints: [source],
      outfile: handler.bundledFile,
      write: false,
      bundle: true,
      platform: "node",
      format: "esm",
      target: nodeTarget(request.runtime) ?? "node24",
      alias: { ...request.alias },
      banner: { js: REQUIRE_SHIM },
      legalComments: "eof",
      logLevel: "silent",
    });
    const [output] = result.outputFiles;
    if (!output) throw new Error("esbuild wrote no output");
    return { handler, source, code: output.contents };
  } catch (error) {
    const reasons =
      error instanceof Error && "errors" in error && Array.isArray(error.errors)
        ? `: ${error.errors.map((item: { text?: string }) => item.text).join("; ")}`
        : "";
    throw new BuildFailedError(request.functionName, `${source}${reasons}`, { cause: error });
  }
}

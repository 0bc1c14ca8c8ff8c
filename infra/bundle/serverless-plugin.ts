import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { bundleFunction, nodeTarget } from "./bundle.ts";
import { BundleError } from "./errors.ts";
import { zipArchive } from "./zip.ts";

/** The parts of osls's in-memory `serverless` object the plugin reads and sets. */
interface ServerlessLike {
  readonly serviceDir: string;
  readonly service: {
    readonly provider: { readonly runtime?: string };
    readonly custom?: Record<string, unknown>;
    getAllFunctions(): string[];
    getFunction(name: string): {
      handler?: string;
      runtime?: string;
      image?: unknown;
      package?: { artifact?: string; [key: string]: unknown };
    };
  };
}

interface PluginOptions {
  readonly function?: string;
}

interface PluginUtils {
  readonly log?: { notice(message: string): void };
}

/** `custom.bundle` in serverless.yml. */
const bundleSettingsSchema = z
  .strictObject({
    /** Package substitutions for esbuild (`alias`), e.g. a dependency's bundler-ready entry point. */
    alias: z.record(z.string().min(1), z.string().min(1)).default({}),
  })
  .prefault({});

/**
 * A serverless plugin that makes `serverless package` and `serverless deploy` upload code Lambda's Node.js runtime
 * runs: before the framework zips the service, each Node.js function's handler is bundled with esbuild into one ES
 * module `<handler module>.mjs` (the `.ts` sources and their dependencies, nothing else), zipped alone as
 * `.serverless/<function>.zip` (where the framework writes its own zips and moves them to `--package <dir>`), and set as the function's `package.artifact`, so the framework uploads
 * it as it is and the `handler` setting stays unchanged. serverless-offline and `sls invoke local` run no package
 * hooks: they keep running the TypeScript sources.
 *
 * @example
 * # serverless.yml
 * plugins:
 *   - ./infra/bundle/serverless-plugin.ts
 * custom:
 *   bundle:
 *     alias: { "@platformatic/wasm-utils": "@platformatic/wasm-utils/bundled" }
 */
export default class BundlePlugin {
  readonly hooks: Record<string, () => Promise<void>>;
  readonly #serverless: ServerlessLike;
  readonly #options: PluginOptions;
  readonly #log: PluginUtils["log"];

  constructor(serverless: ServerlessLike, options: PluginOptions = {}, utils: PluginUtils = {}) {
    this.#serverless = serverless;
    this.#options = options;
    this.#log = utils.log;
    this.hooks = {
      "before:package:createDeploymentArtifacts": () =>
        this.#bundle(this.#serverless.service.getAllFunctions()),
      // `serverless deploy function -f <name>` packages that function alone.
      "before:package:function:package": () =>
        this.#bundle(this.#options.function ? [this.#options.function] : []),
    };
  }

  async #bundle(functionNames: readonly string[]): Promise<void> {
    const { serviceDir, service } = this.#serverless;
    const settings = bundleSettingsSchema.safeParse(service.custom?.bundle);
    if (!settings.success) {
      throw new BundleError(`custom.bundle in serverless.yml is invalid: ${z.prettifyError(settings.error)}`);
    }
    // Where the framework writes its own zips; it moves the directory to `--package <dir>` when it finishes.
    const packageDir = join(serviceDir, ".serverless");
    await mkdir(packageDir, { recursive: true });
    for (const functionName of functionNames) {
      const fn = service.getFunction(functionName);
      const runtime = fn.runtime ?? service.provider.runtime ?? "nodejs24.x";
      // Container images and other runtimes are packaged by the framework as usual.
      if (fn.image || !fn.handler || nodeTarget(runtime) === null) continue;
      const bundle = await bundleFunction({
        serviceDir,
        functionName,
        handler: fn.handler,
        runtime,
        alias: settings.data.alias,
      });
      const artifact = join(packageDir, `${functionName}.zip`);
      const zip = await zipArchive([{ name: bundle.handler.bundledFile, data: bundle.code }]);
      await writeFile(artifact, zip);
      fn.package = { ...fn.package, artifact };
      this.#log?.notice(
        `bundled ${functionName}: ${bundle.handler.bundledFile}, ${(bundle.code.length / 1024 / 1024).toFixed(1)} MiB (zip ${(zip.length / 1024 / 1024).toFixed(1)} MiB)`,
      );
    }
  }
}

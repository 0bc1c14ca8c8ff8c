import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ArtifactError } from "../errors.ts";
import { run } from "../exec.ts";
import type { Report } from "../report.ts";
import { isComplete, markComplete } from "./marker.ts";

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
}

/** A named set of Maven artifacts whose jars (with their transitive dependencies) form one classpath. */
export interface MavenBundle {
  name: string;
  artifacts: readonly MavenArtifact[];
}

/**
 * Global settings for every resolution. Some parent POMs (Spark's) declare a Google Cloud Storage mirror of Maven
 * Central that Maven would try first; where only Maven Central is reachable that fails, so it is sent to Maven Central
 * itself. The user's own `~/.m2/settings.xml` still applies on top.
 */
const GLOBAL_SETTINGS = `<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <mirrors>
    <mirror>
      <id>gcs-mirror-to-central</id>
      <mirrorOf>gcs-maven-central-mirror</mirrorOf>
      <url>https://repo.maven.apache.org/maven2</url>
    </mirror>
  </mirrors>
</settings>
`;

function pom(bundle: MavenBundle): string {
  const dependencies = bundle.artifacts
    .map(
      (a) =>
        `    <dependency><groupId>${a.groupId}</groupId><artifactId>${a.artifactId}</artifactId>` +
        `<version>${a.version}</version></dependency>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.realtime-data-streaming</groupId>
  <artifactId>${bundle.name}</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
${dependencies}
  </dependencies>
</project>
`;
}

/**
 * Resolves a bundle from Maven Central into `<cacheDir>/maven/<name>/lib` once; later calls reuse it without network.
 *
 * @returns the directory holding the bundle's jars.
 * @throws {ArtifactError} when Maven is missing or cannot resolve the artifacts.
 * @example
 * const lib = await resolveMavenBundle(cacheDir, { name: "kafka-4.1.1", artifacts: [...] }, report);
 * // java -cp `${lib}/*` ...
 */
export async function resolveMavenBundle(
  cacheDir: string,
  bundle: MavenBundle,
  report: Report,
): Promise<string> {
  const dir = join(cacheDir, "maven", bundle.name);
  if (await isComplete(dir, bundle)) return join(dir, "lib");
  const work = `${dir}.partial-${process.pid}`;
  const coordinates = bundle.artifacts.map((a) => `${a.groupId}:${a.artifactId}:${a.version}`).join(", ");
  report(bundle.name, `resolving ${coordinates} from Maven Central into ${dir} (first run only)`);
  const started = Date.now();
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await writeFile(join(work, "pom.xml"), pom(bundle));
  await writeFile(join(work, "settings.xml"), GLOBAL_SETTINGS);
  try {
    await run(
      "mvn",
      [
        "-B",
        "-q",
        "-gs",
        "settings.xml",
        "dependency:copy-dependencies",
        "-DoutputDirectory=lib",
        "-DincludeScope=runtime",
      ],
      {
        cwd: work,
      },
    );
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw new ArtifactError(
      `could not resolve ${coordinates}: is Maven (mvn) installed and Maven Central reachable? ${(error as Error).message}`,
      { cause: error },
    );
  }
  await markComplete(work, bundle);
  await rm(dir, { recursive: true, force: true });
  await rename(work, dir);
  report(bundle.name, `resolved in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return join(dir, "lib");
}

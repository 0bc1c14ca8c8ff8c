import JSZip from "jszip";

/** One file of a zip archive. */
export interface ZipEntry {
  /** Path inside the archive, with `/` separators and no leading slash. */
  name: string;
  data: Uint8Array;
}

/** A fixed timestamp, so that an archive depends on its contents only. */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

/**
 * A deflated zip archive of `entries`, deterministic (sorted names, fixed timestamps, regular files 0644): the same
 * files give the same bytes, so a deploy of unchanged code uploads nothing new.
 *
 * @example
 * await writeFile("ingest.zip", await zipArchive([{ name: "functions/ingest/handler.mjs", data: code }]));
 */
export async function zipArchive(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new JSZip();
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of sorted) {
    zip.file(entry.name, entry.data, { date: FIXED_DATE, unixPermissions: 0o100644, createFolders: false });
  }
  return zip.generateAsync({
    type: "nodebuffer",
    platform: "UNIX",
    compression: "DEFLATE",
    compressionOptions: { level: 9 },
  });
}

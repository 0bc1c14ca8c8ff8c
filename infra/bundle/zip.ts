import { crc32, deflateRawSync } from "node:zlib";

/** One file of a zip archive. */
export interface ZipEntry {
  /** Path inside the archive, with `/` separators and no leading slash. */
  name: string;
  data: Uint8Array;
}

// MS-DOS date of 1980-01-01 00:00: a fixed timestamp makes the archive depend on its contents only.
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
// "Made by" Unix (3) with spec 2.0, so the external attributes carry a Unix mode (regular file, 0644).
const VERSION_MADE_BY = (3 << 8) | 20;
const VERSION_NEEDED = 20;
const UNIX_FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
const FLAG_UTF8_NAMES = 1 << 11;
const METHOD_DEFLATE = 8;

/**
 * A deflated zip archive of `entries`, deterministic (sorted names, fixed timestamps): the same files give the same
 * bytes, so a deploy of unchanged code uploads nothing new. No zip64: every entry and the archive stay under 4 GiB,
 * far above Lambda's 250 MB limit.
 *
 * @example
 * await writeFile("ingest.zip", zipArchive([{ name: "functions/ingest/handler.mjs", data: code }]));
 */
export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    const name = Buffer.from(entry.name, "utf8");
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const checksum = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(FLAG_UTF8_NAMES, 6);
    local.writeUInt16LE(METHOD_DEFLATE, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(FLAG_UTF8_NAMES, 8);
    central.writeUInt16LE(METHOD_DEFLATE, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra field length, comment length, disk number, internal attributes: all 0
    central.writeUInt32LE(UNIX_FILE_ATTRIBUTES, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

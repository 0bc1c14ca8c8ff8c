import { randomBytes } from "node:crypto";
import { QueryError } from "./errors.ts";
import { NATIONALITIES, type Nat } from "./nationalities.ts";

/**
 * The top-level fields of a user, in the order upstream writes them (what `inc` and `exc` name).
 *
 * @example
 * USER_FIELDS.filter((field) => field !== "login"); // what `exc=login` keeps
 */
export const USER_FIELDS = [
  "gender",
  "name",
  "location",
  "email",
  "login",
  "dob",
  "registered",
  "phone",
  "cell",
  "id",
  "picture",
  "nat",
] as const;

export type UserField = (typeof USER_FIELDS)[number];
export type Gender = "male" | "female";

/**
 * Upstream's limit on `results`.
 *
 * @example
 * parseQuery(new URLSearchParams(`results=${MAX_RESULTS + 1}`)).results; // 1
 */
export const MAX_RESULTS = 5000;

/** A validated request for one page of users. */
export interface ApiQuery {
  /** 1..5000. */
  readonly results: number;
  /** ≥ 1; user `i` of this page is user `(page - 1) * results + i` of the seed's sequence. */
  readonly page: number;
  readonly seed: string;
  /** The nationalities to draw from; never empty. */
  readonly nats: readonly Nat[];
  /** null: drawn per user. */
  readonly gender: Gender | null;
  /** The fields to include, in upstream order. */
  readonly fields: readonly UserField[];
  /** Omit `info`. */
  readonly noInfo: boolean;
}

const FIELD_SET: ReadonlySet<string> = new Set(USER_FIELDS);

/**
 * A random seed like upstream's: 16 lowercase hex characters (from the OS's generator: it is the one thing that is
 * meant to differ between requests).
 *
 * @example
 * randomSeed(); // "56d27f4a53bd5441"
 */
export function randomSeed(): string {
  return randomBytes(8).toString("hex");
}

/** The last value of a repeated parameter, as upstream (Express) reads it; undefined when absent. */
function lastOf(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  return values.length === 0 ? undefined : values[values.length - 1];
}

function list(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== "");
}

/** `results` as upstream reads it: anything but an integer in 1..5000 means 1. */
function resultsOf(value: string | undefined): number {
  const n = Number(value || 1);
  return Number.isInteger(n) && n >= 1 && n <= MAX_RESULTS ? n : 1;
}

/** `page`: a positive integer whose users all have safe-integer indices; anything else means 1. */
function pageOf(value: string | undefined, results: number): number {
  const n = Number(value || 1);
  return Number.isSafeInteger(n) && n >= 1 && Number.isSafeInteger(n * results) ? n : 1;
}

/**
 * Reads randomuser.me 1.4 query parameters, leniently as upstream does (bad `results` or `page` become 1, unknown
 * nationalities and fields are ignored, the last of a repeated parameter wins).
 *
 * @throws {QueryError} when `format` (or `fmt`) asks for anything but JSON.
 * @example
 * const query = parseQuery(new URLSearchParams("results=10&nat=us,gb&inc=name,email&seed=abc"));
 * query.nats; // ["GB", "US"]
 * query.fields; // ["name", "email"]
 */
export function parseQuery(params: URLSearchParams, newSeed: () => string = randomSeed): ApiQuery {
  const format = (lastOf(params, "format") || lastOf(params, "fmt") || "json").toLowerCase();
  if (format !== "json") {
    throw new QueryError(`unsupported format "${format}": this server only produces json`);
  }
  const results = resultsOf(lastOf(params, "results"));
  const wantedNats = new Set(list(lastOf(params, "nat")).map((nat) => nat.toUpperCase()));
  const nats = NATIONALITIES.filter((nat) => wantedNats.has(nat));
  const gender = lastOf(params, "gender")?.toLowerCase();
  const included = list(lastOf(params, "inc")).filter((field) => FIELD_SET.has(field));
  const excluded = new Set(list(lastOf(params, "exc")));
  const base = lastOf(params, "inc") ? new Set(included) : FIELD_SET;
  return {
    results,
    page: pageOf(lastOf(params, "page"), results),
    seed: lastOf(params, "seed") || newSeed(),
    nats: nats.length > 0 ? nats : NATIONALITIES,
    gender: gender === "male" || gender === "female" ? gender : null,
    fields: USER_FIELDS.filter((field) => base.has(field) && !excluded.has(field)),
    noInfo: params.has("noinfo"),
  };
}

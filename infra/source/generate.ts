import { hash } from "node:crypto";
import { ageAt, type CivilDate, civil, isoString } from "./dates.ts";
import { formats, type NationalId } from "./formats.ts";
import { common, NATIONALITIES, type Nat, nationalities } from "./nationalities.ts";
import { hashKey, type Key128, Rng } from "./prng.ts";
import { type ApiQuery, type Gender, USER_FIELDS, type UserField } from "./query.ts";

/** One user, shaped exactly as randomuser.me 1.4 writes it (all fields; a query may leave some out). */
export interface RandomUser {
  gender: Gender;
  name: { title: string; first: string; last: string };
  location: {
    street: { number: number; name: string };
    city: string;
    state: string;
    country: string;
    /** A number for most nationalities; a string where upstream gives one (GB, CA, NL, IE, BR, NO). */
    postcode: number | string;
    coordinates: { latitude: string; longitude: string };
    timezone: { offset: string; description: string };
  };
  email: string;
  login: {
    uuid: string;
    username: string;
    password: string;
    salt: string;
    md5: string;
    sha1: string;
    sha256: string;
  };
  dob: { date: string; age: number };
  registered: { date: string; age: number };
  phone: string;
  cell: string;
  id: NationalId;
  picture: { large: string; medium: string; thumbnail: string };
  nat: Nat;
}

/** A page as the API returns it. */
export interface ApiResponse {
  results: Partial<RandomUser>[];
  info?: { seed: string; results: number; page: number; version: "1.4" };
}

/**
 * Upstream's fixed clock (2022-05-23T22:16:29Z): the latest registration date, and the date ages are counted to, so
 * that a body never changes with the day it is served.
 *
 * @example
 * renderPage(query, DEFAULT_REFERENCE_DATE); // the same bytes today and next year
 */
export const DEFAULT_REFERENCE_DATE = new Date(1_653_344_189_000);

const YEAR_MS = 365.25 * 86_400_000;
const MIN_AGE_MS = Math.round(21 * YEAR_MS);
const DOB_SPAN_MS = Math.round(56 * YEAR_MS);
const REGISTERED_SPAN_MS = Math.round(20 * YEAR_MS);
const SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const PORTRAITS = "https://randomuser.me/api/portraits/";

/** What determines users besides their index: the seed's key, the filters and the reference date. */
export interface GenerationContext {
  readonly key: Key128;
  readonly nats: readonly Nat[];
  readonly gender: Gender | null;
  /** The date ages are counted to, and the latest registration date. */
  readonly reference: CivilDate;
}

/**
 * The generation context of a query. Filters are part of the key, so that `nat=fr` and `nat=de` with one seed give
 * unrelated users rather than the same draws dressed in two nationalities.
 *
 * @example
 * const context = contextOf(parseQuery(new URLSearchParams("seed=abc&nat=fr")), DEFAULT_REFERENCE_DATE);
 */
export function contextOf(query: ApiQuery, referenceDate: Date): GenerationContext {
  const filtered = query.nats.length < NATIONALITIES.length || query.gender !== null;
  return {
    key: hashKey(
      filtered ? `${query.seed}\u0000${query.nats.join(",")}\u0000${query.gender ?? ""}` : query.seed,
    ),
    nats: query.nats,
    gender: query.gender,
    reference: civil(referenceDate.getTime()),
  };
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Eight lowercase hex digits of an unsigned 32-bit word. */
function hex8(word: number): string {
  return (
    (HEX_BYTES[word >>> 24] as string) +
    HEX_BYTES[(word >>> 16) & 0xff] +
    HEX_BYTES[(word >>> 8) & 0xff] +
    HEX_BYTES[word & 0xff]
  );
}

/** A version-4 UUID whose first 32 bits are `unique` and the rest random. */
function uuidV4(unique: number, rng: Rng): string {
  const w1 = rng.next();
  const w2 = rng.next();
  const w3 = hex8(rng.next());
  const b = hex8(w1);
  const c = hex8(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
  return `${hex8(unique)}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${c.slice(0, 4)}-${c.slice(4, 8)}${w3}`;
}

/** A coordinate with four decimals in [-limit, limit], as a string (as upstream gives it). */
function coordinate(rng: Rng, limit: number): string {
  return (rng.range(-limit * 10_000, limit * 10_000) / 10_000).toFixed(4);
}

function salt(rng: Rng): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += SALT_CHARS[rng.int(62)];
  return out;
}

/**
 * User number `index` (≥ 0) of a context's sequence, with every field. The user depends only on the context and the
 * index, so any page of any size can be generated independently; `rng` is scratch state, re-keyed here.
 *
 * @example
 * const rng = new Rng(context.key);
 * userAt(context, 0, rng).email; // "jennie.nichols@example.com"
 */
export function userAt(context: GenerationContext, index: number, rng: Rng): RandomUser {
  const unique = rng.reseed(context.key, index);
  const { nats } = context;
  const nat = nats.length === 1 ? (nats[0] as Nat) : (nats[rng.int(nats.length)] as Nat);
  const data = nationalities[nat];
  const format = formats[nat];

  const drawn: Gender = rng.int(2) === 0 ? "male" : "female";
  const gender = context.gender ?? drawn;
  const title = format.title
    ? format.title(rng, gender)
    : gender === "male"
      ? "Mr"
      : rng.pick(common.femaleTitles);
  const first = rng.pick(gender === "male" ? data.male : data.female);
  const last = rng.pick(data.last);

  const streetNumber = 1 + rng.int(9999);
  const street = rng.pick(data.streets);
  const city = rng.pick(data.cities);
  const state = rng.pick(data.states);
  const postcode = format.postcode(rng);
  const latitude = coordinate(rng, 90);
  const longitude = coordinate(rng, 180);
  const timezone = rng.pick(common.timezones);

  const uuid = uuidV4(unique, rng);
  const username = `${rng.pick(common.usernameAdjectives)}${rng.pick(common.usernameNouns)}${100 + rng.int(900)}`;
  const password = rng.pick(common.passwords);
  const saltText = salt(rng);
  const salted = password + saltText;

  const { reference } = context;
  const dob = civil(reference.ms - MIN_AGE_MS - rng.range(0, DOB_SPAN_MS));
  const registered = civil(reference.ms - rng.range(0, REGISTERED_SPAN_MS));

  const phone = format.phone(rng);
  const cell = format.cell(rng);
  const id = format.id(rng, { gender, last: last.text, dob });
  const portrait = `${gender === "male" ? "men" : "women"}/${rng.int(gender === "male" ? 100 : 97)}.jpg`;

  return {
    gender,
    name: { title, first: first.text, last: last.text },
    location: {
      street: { number: streetNumber, name: street },
      city,
      state,
      country: data.country,
      postcode,
      coordinates: { latitude, longitude },
      timezone: { offset: timezone.offset, description: timezone.description },
    },
    email: `${first.ascii}.${last.ascii}@example.com`,
    login: {
      uuid,
      username,
      password,
      salt: saltText,
      md5: hash("md5", salted, "hex"),
      sha1: hash("sha1", salted, "hex"),
      sha256: hash("sha256", salted, "hex"),
    },
    dob: { date: isoString(dob), age: ageAt(dob, reference) },
    registered: { date: isoString(registered), age: ageAt(registered, reference) },
    phone,
    cell,
    id,
    picture: {
      large: PORTRAITS + portrait,
      medium: `${PORTRAITS}med/${portrait}`,
      thumbnail: `${PORTRAITS}thumb/${portrait}`,
    },
    nat,
  };
}

/** The user restricted to `fields` (already in upstream order). */
function project(user: RandomUser, fields: readonly UserField[]): Partial<RandomUser> {
  if (fields.length === USER_FIELDS.length) return user;
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = user[field];
  return out as Partial<RandomUser>;
}

/**
 * One page of users as a plain object, exactly what the API serialises.
 *
 * @example
 * const page = generatePage(parseQuery(new URLSearchParams("results=5&seed=abc")));
 * page.results.length; // 5
 */
export function generatePage(query: ApiQuery, referenceDate: Date = DEFAULT_REFERENCE_DATE): ApiResponse {
  const context = contextOf(query, referenceDate);
  const rng = new Rng(context.key);
  const first = (query.page - 1) * query.results;
  const results: Partial<RandomUser>[] = new Array(query.results);
  for (let i = 0; i < query.results; i++) results[i] = project(userAt(context, first + i, rng), query.fields);
  if (query.noInfo) return { results };
  return { results, info: { seed: query.seed, results: query.results, page: query.page, version: "1.4" } };
}

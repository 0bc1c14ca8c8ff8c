/**
 * Writes pages as JSON bytes. Every string in a user comes from the data tables (checked JSON-safe when they load)
 * or is generated from digits, letters and punctuation, so a user is serialised with plain template literals, one
 * per field, without escaping; the tests check the result against `JSON.stringify`, byte for byte.
 */
import { contextOf, DEFAULT_REFERENCE_DATE, type RandomUser, userAt } from "./generate.ts";
import { JsonWriter } from "./json.ts";
import { Rng } from "./prng.ts";
import type { ApiQuery, UserField } from "./query.ts";

/** Bytes per user to reserve up front; a user is about 1.1 kB, more with non-Latin scripts. */
const BYTES_PER_USER = 1_400;

const quoted = (value: string | number): string | number =>
  typeof value === "number" ? value : `"${value}"`;

/** Each field of a user as `"field":value`. */
const FIELD_JSON: Readonly<Record<UserField, (user: RandomUser) => string>> = {
  gender: (u) => `"gender":"${u.gender}"`,
  name: ({ name }) => `"name":{"title":"${name.title}","first":"${name.first}","last":"${name.last}"}`,
  location: ({ location: l }) =>
    `"location":{"street":{"number":${l.street.number},"name":"${l.street.name}"},"city":"${l.city}",` +
    `"state":"${l.state}","country":"${l.country}","postcode":${quoted(l.postcode)},` +
    `"coordinates":{"latitude":"${l.coordinates.latitude}","longitude":"${l.coordinates.longitude}"},` +
    `"timezone":{"offset":"${l.timezone.offset}","description":"${l.timezone.description}"}}`,
  email: (u) => `"email":"${u.email}"`,
  login: ({ login: g }) =>
    `"login":{"uuid":"${g.uuid}","username":"${g.username}","password":"${g.password}","salt":"${g.salt}",` +
    `"md5":"${g.md5}","sha1":"${g.sha1}","sha256":"${g.sha256}"}`,
  dob: ({ dob }) => `"dob":{"date":"${dob.date}","age":${dob.age}}`,
  registered: ({ registered: r }) => `"registered":{"date":"${r.date}","age":${r.age}}`,
  phone: (u) => `"phone":"${u.phone}"`,
  cell: (u) => `"cell":"${u.cell}"`,
  id: ({ id }) => `"id":{"name":"${id.name}","value":${id.value === null ? "null" : `"${id.value}"`}}`,
  picture: ({ picture: p }) =>
    `"picture":{"large":"${p.large}","medium":"${p.medium}","thumbnail":"${p.thumbnail}"}`,
  nat: (u) => `"nat":"${u.nat}"`,
};

/** One user as JSON text, restricted to `fields` (in upstream order). */
function userJson(user: RandomUser, fields: readonly UserField[]): string {
  let json = "{";
  for (let f = 0; f < fields.length; f++) {
    if (f > 0) json += ",";
    json += FIELD_JSON[fields[f] as UserField](user);
  }
  return `${json}}`;
}

/**
 * One page of users as the JSON body the API sends, written straight to bytes: identical to
 * `Buffer.from(JSON.stringify(generatePage(query, referenceDate)))`, and byte-identical for identical queries.
 *
 * @example
 * renderPage(parseQuery(new URLSearchParams("seed=abc"))).toString(); // '{"results":[{"gender":...}],"info":{...}}'
 */
export function renderPage(query: ApiQuery, referenceDate: Date = DEFAULT_REFERENCE_DATE): Buffer {
  const context = contextOf(query, referenceDate);
  const rng = new Rng(context.key);
  const w = new JsonWriter(query.results * BYTES_PER_USER + 256);
  const first = (query.page - 1) * query.results;
  w.json('{"results":[');
  for (let i = 0; i < query.results; i++) {
    if (i > 0) w.json(",");
    w.json(userJson(userAt(context, first + i, rng), query.fields));
  }
  w.json("]");
  if (!query.noInfo) {
    w.json(',"info":{"seed":');
    w.string(query.seed);
    w.json(`,"results":${query.results},"page":${query.page},"version":"1.4"}`);
  }
  w.json("}");
  return w.toBuffer();
}

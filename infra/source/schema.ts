import { z } from "zod";
import { NATIONALITIES } from "./nationalities.ts";

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));
const isoDate = z.iso.datetime({ precision: 3 });

/**
 * A version-4 UUID, as upstream writes it (lowercase).
 *
 * @example
 * UUID_V4.test("7a0eed16-9430-4d68-901f-c0d4c1c3bf00"); // true
 */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * One user with every field, as randomuser.me 1.4 writes it: what the probe and the tests check bodies against.
 *
 * @example
 * randomUserSchema.parse(body.results[0]);
 */
export const randomUserSchema = z.strictObject({
  gender: z.enum(["male", "female"]),
  name: z.strictObject({ title: z.string().min(1), first: z.string().min(1), last: z.string().min(1) }),
  location: z.strictObject({
    street: z.strictObject({ number: z.int().min(1).max(9999), name: z.string().min(1) }),
    city: z.string().min(1),
    state: z.string().min(1),
    country: z.string().min(1),
    postcode: z.union([z.int().nonnegative(), z.string().min(1)]),
    coordinates: z.strictObject({
      latitude: z.string().regex(/^-?\d{1,2}\.\d{4}$/),
      longitude: z.string().regex(/^-?\d{1,3}\.\d{4}$/),
    }),
    timezone: z.strictObject({
      offset: z.string().regex(/^[+-]?\d{1,2}:\d{2}$/),
      description: z.string().min(1),
    }),
  }),
  email: z.string().regex(/^[a-z'-]+\.[a-z'-]+@example\.com$/),
  login: z.strictObject({
    uuid: z.string().regex(UUID_V4),
    username: z.string().regex(/^[a-z]+\d{3}$/),
    password: z.string().min(1),
    salt: z.string().regex(/^[A-Za-z0-9]{8}$/),
    md5: hex(32),
    sha1: hex(40),
    sha256: hex(64),
  }),
  dob: z.strictObject({ date: isoDate, age: z.int().min(0) }),
  registered: z.strictObject({ date: isoDate, age: z.int().min(0) }),
  phone: z.string().min(1),
  cell: z.string().min(1),
  id: z.strictObject({ name: z.string(), value: z.string().min(1).nullable() }),
  picture: z.strictObject({
    large: z.string().regex(/^https:\/\/randomuser\.me\/api\/portraits\/(men|women)\/\d{1,2}\.jpg$/),
    medium: z.string().regex(/^https:\/\/randomuser\.me\/api\/portraits\/med\/(men|women)\/\d{1,2}\.jpg$/),
    thumbnail: z
      .string()
      .regex(/^https:\/\/randomuser\.me\/api\/portraits\/thumb\/(men|women)\/\d{1,2}\.jpg$/),
  }),
  nat: z.enum(NATIONALITIES),
});

/**
 * A whole response body with every field and `info`.
 *
 * @example
 * const page = apiResponseSchema.parse(await (await fetch(`${url}/api/?results=5`)).json());
 */
export const apiResponseSchema = z.strictObject({
  results: z.array(randomUserSchema),
  info: z.strictObject({
    seed: z.string(),
    results: z.int().min(1).max(5000),
    page: z.int().min(1),
    version: z.literal("1.4"),
  }),
});

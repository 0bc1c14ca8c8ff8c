import { z } from "zod";

const isoDate = z.iso.datetime({ offset: true });

/** One user as the Random User API v1.4 returns it (extra fields are tolerated and kept). */
export const randomUserSchema = z.looseObject({
  gender: z.enum(["male", "female"]),
  name: z.looseObject({ title: z.string(), first: z.string().min(1), last: z.string().min(1) }),
  location: z.looseObject({
    street: z.looseObject({ number: z.number().int(), name: z.string() }),
    city: z.string(),
    state: z.string(),
    country: z.string().min(1),
    postcode: z.union([z.number().int(), z.string()]),
    coordinates: z.looseObject({ latitude: z.string(), longitude: z.string() }),
    timezone: z.looseObject({ offset: z.string(), description: z.string() }),
  }),
  email: z.string().min(3),
  login: z.looseObject({
    uuid: z.uuid(),
    username: z.string(),
    password: z.string(),
    salt: z.string(),
    md5: z.string(),
    sha1: z.string(),
    sha256: z.string(),
  }),
  dob: z.looseObject({ date: isoDate, age: z.number().int().nonnegative() }),
  registered: z.looseObject({ date: isoDate, age: z.number().int().nonnegative() }),
  phone: z.string(),
  cell: z.string(),
  id: z.looseObject({ name: z.string(), value: z.string().nullable() }),
  picture: z.looseObject({ large: z.string(), medium: z.string(), thumbnail: z.string() }),
  nat: z.string().length(2),
});

export type RandomUser = z.infer<typeof randomUserSchema>;

/** The envelope of a Random User API answer; each result is validated on its own so one bad user spoils nothing else. */
export const randomUserPageSchema = z.looseObject({
  results: z.array(z.unknown()),
  info: z.looseObject({ seed: z.string(), results: z.number().int(), page: z.number().int() }).optional(),
});

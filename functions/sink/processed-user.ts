import { z } from "zod";

const timestamp = z.iso.datetime({ offset: true });

/**
 * A record of `users.processed` as the Spark stage writes it: one field per column of `user_stream.users`
 * (infra/cassandra/002_users.cql), keyed by `user_id`.
 */
export const processedUserSchema = z.strictObject({
  user_id: z.uuid(),
  gender: z.string().nullable(),
  title: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  full_name: z.string().nullable(),
  email: z.string().nullable(),
  email_domain: z.string().nullable(),
  username: z.string().nullable(),
  date_of_birth: timestamp.nullable(),
  age: z.number().int().nullable(),
  registered_at: timestamp.nullable(),
  phone: z.string().nullable(),
  phone_digits: z.string().nullable(),
  cell: z.string().nullable(),
  address_line: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  country: z.string().nullable(),
  country_code: z.string().min(1),
  postcode: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  timezone_offset: z.string().nullable(),
  picture_url: z.string().nullable(),
  nat: z.string().nullable(),
  source: z.string().nullable(),
  seed: z.string().nullable(),
  page: z.number().int().nullable(),
  ingested_at: timestamp,
  processed_at: timestamp.nullable(),
});

export type ProcessedUser = z.infer<typeof processedUserSchema>;

/** The columns of `user_stream.users`, in the order of the prepared INSERT. */
export const USER_COLUMNS = Object.keys(processedUserSchema.shape) as (keyof ProcessedUser)[];

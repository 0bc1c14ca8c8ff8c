import { z } from "zod";

const timestamp = z.iso.datetime({ offset: true });

/** A record of `users.stats`: one country's figures for one one-minute event-time window. */
export const countryStatsSchema = z.strictObject({
  country_code: z.string().min(1),
  window_start: timestamp,
  window_end: timestamp,
  users: z.number().int().nonnegative(),
  average_age: z.number().nullable(),
});

export type CountryStats = z.infer<typeof countryStatsSchema>;

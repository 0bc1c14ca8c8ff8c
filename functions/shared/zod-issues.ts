import type { z } from "zod";

/** One line naming each offending field and what is wrong with it, e.g. `users: Too big: expected number to be <=1000000`. */
export function describeIssues(error: z.ZodError, prefix = ""): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

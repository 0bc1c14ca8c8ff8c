import type middy from "@middy/core";

/**
 * Closes the container's long-lived clients after each invocation when run by `sls invoke local` (which sets
 * `IS_LOCAL=true` and waits for the event loop to empty before it exits). On Lambda and under serverless-offline the
 * clients stay open for the next invocation.
 *
 * @example
 * middy(run).use(closeClientsOnLocalInvoke([closeKafkaProducer]));
 */
export function closeClientsOnLocalInvoke(closers: readonly (() => Promise<void>)[]): middy.MiddlewareObj {
  const close = async () => {
    if (process.env.IS_LOCAL === "true") await Promise.all(closers.map((closer) => closer()));
  };
  return { after: close, onError: close };
}

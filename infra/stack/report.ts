/** Where the stack tells a person what it is doing; one line per step, prefixed by the service it concerns. */
export type Report = (service: string, message: string) => void;

/** Writes `HH:MM:SS service  message` lines to stderr, so stdout stays clean for `status --json`. */
export const stderrReport: Report = (service, message) => {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`${time} ${service.padEnd(10)} ${message}\n`);
};

export const silentReport: Report = () => {};

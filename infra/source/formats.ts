/**
 * Nationality-specific formats: phone and cell numbers as upstream writes them, postcodes (a number where upstream
 * gives a number, a string where it gives a string) and national identifiers, with valid check digits where the real
 * identifier has them.
 */
import type { CivilDate } from "./dates.ts";
import type { Nat } from "./nationalities.ts";
import type { Rng } from "./prng.ts";

/** What an identifier may depend on besides randomness. */
export interface PersonFacts {
  readonly gender: "male" | "female";
  readonly last: string;
  /** Date of birth, in UTC. */
  readonly dob: CivilDate;
}

/** A national identifier; `value` is null where upstream gives none (and `name` is empty for some of those). */
export interface NationalId {
  name: string;
  value: string | null;
}

export interface NatFormat {
  phone(rng: Rng): string;
  cell(rng: Rng): string;
  postcode(rng: Rng): string | number;
  id(rng: Rng, facts: PersonFacts): NationalId;
  /** Overrides the common titles (Mr; Miss, Mrs, Ms). */
  title?(rng: Rng, gender: "male" | "female"): string;
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * Fills a pattern: `#` a digit, `N` a digit 2–9, `L` a capital letter; any other character is copied.
 *
 * @example
 * fill(rng, "(N##) N##-####"); // "(272) 790-0888"
 */
export function fill(rng: Rng, pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charCodeAt(i);
    if (char === 35 /* # */) out += rng.int(10);
    else if (char === 78 /* N */) out += 2 + rng.int(8);
    else if (char === 76 /* L */) out += LETTERS[rng.int(26)];
    else out += pattern[i];
  }
  return out;
}

function letterOf(rng: Rng, alphabet: string): string {
  return alphabet[rng.int(alphabet.length)] as string;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `ddmmyy` of a date. */
function ddmmyy(date: CivilDate): string {
  return pad2(date.day) + pad2(date.month) + pad2(date.year % 100);
}

const NO_ID: () => NationalId = () => ({ name: "", value: null });

/** Luhn check digit of a digit string. */
function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Weighted mod-11 check digit, as CPF and the Norwegian fødselsnummer use. */
function mod11(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] as number);
  return sum % 11;
}

function cpf(rng: Rng): string {
  const base = rng.digits(9);
  const r1 = mod11(base, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d1 = r1 < 2 ? 0 : 11 - r1;
  const r2 = mod11(base + d1, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = r2 < 2 ? 0 : 11 - r2;
  return `${base.slice(0, 3)}.${base.slice(3, 6)}.${base.slice(6, 9)}-${d1}${d2}`;
}

function ahv(rng: Rng): string {
  const digits = `756${rng.digits(9)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  const check = (10 - (sum % 10)) % 10;
  return `${digits.slice(0, 3)}.${digits.slice(3, 7)}.${digits.slice(7, 11)}.${digits[11]}${check}`;
}

function hetu(rng: Rng, { gender, dob }: PersonFacts): string {
  const { year } = dob;
  const century = year < 1900 ? "+" : year < 2000 ? "-" : "A";
  let individual = 2 + rng.int(448) * 2; // even, 2..896
  if (gender === "male") individual += 1;
  const serial = String(individual).padStart(3, "0");
  const check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[Number(ddmmyy(dob) + serial) % 31];
  return ddmmyy(dob) + century + serial + check;
}

function insee(rng: Rng, { gender, dob }: PersonFacts): string {
  const department = pad2(1 + rng.int(95));
  const digits = `${gender === "male" ? 1 : 2}${pad2(dob.year % 100)}${pad2(dob.month)}${department}${rng.digits(6)}`;
  const key = 97 - (Number(digits) % 97);
  return `${digits} ${pad2(key)}`;
}

function fodselsnummer(rng: Rng, { gender, dob }: PersonFacts): string {
  const { year } = dob;
  const [low, high] = year >= 2000 ? [500, 999] : [0, 499];
  for (;;) {
    let individual = low + rng.int(high - low + 1);
    if ((individual % 2 === 1) !== (gender === "male"))
      individual = individual === low ? low + 1 : individual - 1;
    const nine = ddmmyy(dob) + String(individual).padStart(3, "0");
    const r1 = mod11(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    const k1 = r1 === 0 ? 0 : 11 - r1;
    if (k1 === 10) continue;
    const r2 = mod11(nine + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    const k2 = r2 === 0 ? 0 : 11 - r2;
    if (k2 === 10) continue;
    return `${nine}${k1}${k2}`;
  }
}

function ssn(rng: Rng): string {
  let area = 1 + rng.int(898);
  if (area >= 666) area += 1;
  return `${String(area).padStart(3, "0")}-${pad2(1 + rng.int(99))}-${String(1 + rng.int(9999)).padStart(4, "0")}`;
}

function sin(rng: Rng): string {
  const base = `${1 + rng.int(7)}${rng.digits(7)}`;
  return base + luhnDigit(base);
}

const GB_PHONES = ["01### #####", "01### ######", "011# ### ####", "01#1 ### ####", "02# #### ####"];
const GB_POSTCODES = ["L# #", "LL# #", "L## #", "LL## #", "LL#L #", "L#L #"];
const GB_INWARD = "ABDEFGHJLNPQRSTUWXYZ";
const CA_LETTERS = "ABCEGHJKLMNPRSTVXY";
const NL_LETTERS = "ABCDEGHJKLMNPRSTVWXZ";
const EIRCODE_KEYS = [
  "A63",
  "A94",
  "C15",
  "D01",
  "D02",
  "D04",
  "D08",
  "D15",
  "D24",
  "E91",
  "F92",
  "H91",
  "K78",
];
const EIRCODE_CHARS = "ACDEFHKNPRTVWXY0123456789";
const EIRCODE_FIRST = "ACDEFHKNPRTVWXY";
const CH_PREFIXES = ["075", "076", "077", "078", "079"];
const UA_PROVIDERS = ["66", "67", "68", "96", "97", "98", "99"];

/**
 * The formats of each nationality.
 *
 * @example
 * formats.US.phone(rng); // "(272) 790-0888"
 * formats.GB.postcode(rng); // "SW9 4QT"
 */
export const formats: Readonly<Record<Nat, NatFormat>> = {
  AU: {
    phone: (rng) => fill(rng, "0#-####-####"),
    cell: (rng) => fill(rng, "04##-###-###"),
    postcode: (rng) => rng.range(200, 9999),
    id: (rng) => ({ name: "TFN", value: rng.digits(9) }),
  },
  BR: {
    phone: (rng) => fill(rng, "(##) ####-####"),
    cell: (rng) => fill(rng, "(##) ####-####"),
    postcode: (rng) => fill(rng, "#####-###"),
    id: (rng) => ({ name: "CPF", value: cpf(rng) }),
  },
  CA: {
    phone: (rng) => fill(rng, "L## L##-####"),
    cell: (rng) => fill(rng, "L## L##-####"),
    postcode: (rng) =>
      `${letterOf(rng, CA_LETTERS)}${rng.int(10)}${letterOf(rng, CA_LETTERS)} ${rng.int(10)}${letterOf(rng, CA_LETTERS)}${rng.int(10)}`,
    id: (rng) => ({ name: "SIN", value: sin(rng) }),
  },
  CH: {
    phone: (rng) => `${rng.pick(CH_PREFIXES)} ${fill(rng, "### ## ##")}`,
    cell: (rng) => `${rng.pick(CH_PREFIXES)} ${fill(rng, "### ## ##")}`,
    postcode: (rng) => rng.range(1000, 9699),
    id: (rng) => ({ name: "AVS", value: ahv(rng) }),
    title: (rng, gender) => (gender === "male" ? "Monsieur" : rng.int(2) === 0 ? "Madame" : "Mademoiselle"),
  },
  DE: {
    phone: (rng) => fill(rng, "0###-#######"),
    cell: (rng) => fill(rng, "017#-#######"),
    postcode: (rng) => rng.range(10000, 99998),
    id: (rng, { gender, last, dob }) => ({
      name: "SVNR",
      value: `${pad2(2 + rng.int(88))} ${ddmmyy(dob)} ${last.charAt(0).toUpperCase()} ${pad2((gender === "male" ? 0 : 50) + rng.int(50))}${rng.int(10)}`,
    }),
  },
  DK: {
    phone: (rng) => fill(rng, "########"),
    cell: (rng) => fill(rng, "########"),
    postcode: (rng) => rng.range(1000, 9990),
    id: (rng, { gender, dob }) => ({
      name: "CPR",
      value: `${ddmmyy(dob)}-${rng.digits(3)}${rng.int(5) * 2 + (gender === "male" ? 1 : 0)}`,
    }),
  },
  ES: {
    phone: (rng) => fill(rng, "9##-###-###"),
    cell: (rng) => fill(rng, "6##-###-###"),
    postcode: (rng) => rng.range(10000, 52999),
    id: (rng) => {
      const digits = rng.digits(8);
      return { name: "DNI", value: `${digits}-${"TRWAGMYFPDXBNJZSQVHLCKE"[Number(digits) % 23]}` };
    },
  },
  FI: {
    phone: (rng) => fill(rng, "0N-###-###"),
    cell: (rng) => fill(rng, "04#-###-##-##"),
    postcode: (rng) => rng.range(10000, 99999),
    id: (rng, facts) => ({ name: "HETU", value: hetu(rng, facts) }),
  },
  FR: {
    phone: (rng) => `0${1 + rng.int(5)}-${fill(rng, "##-##-##-##")}`,
    cell: (rng) => fill(rng, "06-##-##-##-##"),
    postcode: (rng) => rng.range(10000, 95999),
    id: (rng, facts) => ({ name: "INSEE", value: insee(rng, facts) }),
  },
  GB: {
    phone: (rng) => fill(rng, rng.pick(GB_PHONES)),
    cell: (rng) => fill(rng, "07### ######"),
    postcode: (rng) =>
      fill(rng, rng.pick(GB_POSTCODES)) + letterOf(rng, GB_INWARD) + letterOf(rng, GB_INWARD),
    id: (rng) => ({
      name: "NINO",
      value: `${letterOf(rng, "ABCEGHJKLMNOPRSTWXYZ")}${letterOf(rng, "ABCEGHJKLMNPRSTWXYZ")} ${fill(rng, "## ## ##")} ${letterOf(rng, "ABCD")}`,
    }),
  },
  IE: {
    phone: (rng) => `0${1 + rng.int(7)}1-${fill(rng, "###-####")}`,
    cell: (rng) => fill(rng, "081-###-####"),
    postcode: (rng) => {
      let unique = letterOf(rng, EIRCODE_FIRST);
      for (let i = 0; i < 3; i++) unique += letterOf(rng, EIRCODE_CHARS);
      return `${rng.pick(EIRCODE_KEYS)} ${unique}`;
    },
    id: () => ({ name: "PPS", value: null }),
  },
  IN: {
    phone: (rng) => `${7 + rng.int(3)}${rng.digits(9)}`,
    cell: (rng) => `${7 + rng.int(3)}${rng.digits(9)}`,
    postcode: (rng) => rng.range(110001, 855126),
    id: (rng) => ({ name: "UIDAI", value: `${2 + rng.int(8)}${rng.digits(11)}` }),
  },
  IR: {
    phone: (rng) => fill(rng, "0##-########"),
    cell: (rng) => fill(rng, "09##-###-####"),
    postcode: (rng) => rng.range(10000, 99999),
    id: NO_ID,
  },
  MX: {
    phone: (rng) => fill(rng, "(6##) ### ####"),
    cell: (rng) => fill(rng, "(6##) ### ####"),
    postcode: (rng) => rng.range(10000, 99999),
    id: (rng) => ({ name: "NSS", value: fill(rng, "## ## ## #### #") }),
  },
  NL: {
    phone: (rng) => fill(rng, "(0##) #######"),
    cell: (rng) => fill(rng, "(06) ########"),
    postcode: (rng) =>
      `${1 + rng.int(9)}${rng.digits(3)} ${letterOf(rng, NL_LETTERS)}${letterOf(rng, NL_LETTERS)}`,
    id: () => ({ name: "BSN", value: null }),
  },
  NO: {
    phone: (rng) => `${rng.pick([2, 3, 5, 6, 7, 8])}${rng.digits(7)}`,
    cell: (rng) => `${rng.int(2) === 0 ? 4 : 9}${rng.digits(7)}`,
    postcode: (rng) => rng.digits(4),
    id: (rng, facts) => ({ name: "FN", value: fodselsnummer(rng, facts) }),
  },
  NZ: {
    phone: (rng) => fill(rng, "(###)-###-####"),
    cell: (rng) => fill(rng, "(###)-###-####"),
    postcode: (rng) => rng.range(1010, 9893),
    id: NO_ID,
  },
  RS: {
    phone: (rng) => `0${1 + rng.int(3)}${fill(rng, "#-####-###")}`,
    cell: (rng) => fill(rng, "06#-####-###"),
    postcode: (rng) => rng.range(11000, 38999),
    id: (rng) => ({ name: "SID", value: rng.digits(9) }),
  },
  TR: {
    phone: (rng) => fill(rng, "(###)-###-####"),
    cell: (rng) => fill(rng, "(###)-###-####"),
    postcode: (rng) => rng.range(10000, 81999),
    id: NO_ID,
  },
  UA: {
    phone: (rng) => `(0${rng.pick(UA_PROVIDERS)}) ${fill(rng, "L##-####")}`,
    cell: (rng) => `(0${rng.pick(UA_PROVIDERS)}) ${fill(rng, "L##-####")}`,
    postcode: (rng) => rng.range(10000, 99999),
    id: NO_ID,
  },
  US: {
    phone: (rng) => fill(rng, "(N##) N##-####"),
    cell: (rng) => fill(rng, "(N##) N##-####"),
    postcode: (rng) => rng.range(10000, 99999),
    id: (rng) => ({ name: "SSN", value: ssn(rng) }),
  },
};

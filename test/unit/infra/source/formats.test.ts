import { describe, expect, it } from "vitest";
import { civil } from "../../../../infra/source/dates.ts";
import { fill, formats, type PersonFacts } from "../../../../infra/source/formats.ts";
import { asciiFold, NATIONALITIES, nationalities } from "../../../../infra/source/nationalities.ts";
import { Rng } from "../../../../infra/source/prng.ts";

const rng = Rng.fromString("formats");
const man: PersonFacts = {
  gender: "male",
  last: "Müller",
  dob: civil(Date.parse("1984-03-07T10:00:00.000Z")),
};
const woman: PersonFacts = {
  gender: "female",
  last: "Smith",
  dob: civil(Date.parse("2001-11-28T10:00:00.000Z")),
};
const repeat = (times: number, check: () => void) => {
  for (let i = 0; i < times; i++) check();
};
const digitsOf = (text: string) => text.replace(/\D/g, "").split("").map(Number);

describe("fill", () => {
  it("fills #, N and L and copies the rest", () => {
    repeat(200, () => expect(fill(rng, "(N##) L-#")).toMatch(/^\([2-9]\d\d\) [A-Z]-\d$/));
  });
});

describe("phone numbers", () => {
  it.each([
    ["US", /^\([2-9]\d\d\) [2-9]\d\d-\d{4}$/],
    ["GB", /^0[12][\d ]{9,12}$/],
    ["AU", /^0\d-\d{4}-\d{4}$/],
    ["DE", /^0\d{3}-\d{7}$/],
    ["FR", /^0[1-5]-\d\d-\d\d-\d\d-\d\d$/],
    ["NL", /^\(0\d\d\) \d{7}$/],
    ["CA", /^[A-Z]\d\d [A-Z]\d\d-\d{4}$/],
    ["CH", /^07[5-9] \d{3} \d\d \d\d$/],
    ["IN", /^[789]\d{9}$/],
    ["NO", /^[235678]\d{7}$/],
    ["UA", /^\(0(66|67|68|96|97|98|99)\) [A-Z]\d\d-\d{4}$/],
  ] as const)("%s phones look like %s", (nat, pattern) => {
    repeat(200, () => expect(formats[nat].phone(rng)).toMatch(pattern));
  });

  it("gives every nationality a phone and a cell", () => {
    for (const nat of NATIONALITIES) {
      expect(formats[nat].phone(rng).replace(/\D/g, "").length).toBeGreaterThanOrEqual(8);
      expect(formats[nat].cell(rng).replace(/\D/g, "").length).toBeGreaterThanOrEqual(8);
    }
  });
});

describe("postcodes", () => {
  it.each([
    ["GB", /^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$/],
    ["CA", /^[A-Z]\d[A-Z] \d[A-Z]\d$/],
    ["NL", /^[1-9]\d{3} [A-Z]{2}$/],
    ["IE", /^[A-Z]\d\d [ACDEFHKNPRTVWXY][ACDEFHKNPRTVWXY\d]{3}$/],
    ["BR", /^\d{5}-\d{3}$/],
    ["NO", /^\d{4}$/],
  ] as const)("%s postcodes are strings like %s", (nat, pattern) => {
    repeat(200, () => expect(formats[nat].postcode(rng)).toMatch(pattern));
  });

  it("gives numbers in the country's range elsewhere", () => {
    repeat(200, () => {
      const us = formats.US.postcode(rng);
      expect(Number.isInteger(us) && (us as number) >= 10_000 && (us as number) <= 99_999).toBe(true);
      const au = formats.AU.postcode(rng) as number;
      expect(au >= 200 && au <= 9999).toBe(true);
    });
  });
});

describe("national identifiers", () => {
  it("writes valid US SSNs", () => {
    repeat(500, () => {
      const value = formats.US.id(rng, man).value ?? "";
      expect(value).toMatch(/^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/);
    });
  });

  it("writes Canadian SINs that pass the Luhn check", () => {
    repeat(500, () => {
      const digits = digitsOf(formats.CA.id(rng, man).value ?? "");
      expect(digits).toHaveLength(9);
      const sum = digits.reduce((acc, d, i) => acc + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
      expect(sum % 10).toBe(0);
    });
  });

  it("writes Brazilian CPFs with valid check digits", () => {
    repeat(500, () => {
      const value = formats.BR.id(rng, man).value ?? "";
      expect(value).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
      const d = digitsOf(value);
      const check = (n: number) => {
        const sum = d.slice(0, n).reduce((acc, digit, i) => acc + digit * (n + 1 - i), 0);
        return sum % 11 < 2 ? 0 : 11 - (sum % 11);
      };
      expect([check(9), check(10)]).toEqual([d[9], d[10]]);
    });
  });

  it("writes Spanish DNIs with the right letter", () => {
    repeat(500, () => {
      const [number, letter] = (formats.ES.id(rng, man).value ?? "").split("-");
      expect(letter).toBe("TRWAGMYFPDXBNJZSQVHLCKE"[Number(number) % 23]);
    });
  });

  it("writes Finnish HETUs with the right century sign, parity and check character", () => {
    repeat(500, () => {
      const value = formats.FI.id(rng, man).value ?? "";
      expect(value).toMatch(/^070384-\d{3}[0-9A-Y]$/);
      expect(Number(value.slice(7, 10)) % 2).toBe(1);
      expect(value[10]).toBe(
        "0123456789ABCDEFHJKLMNPRSTUVWXY"[Number(value.slice(0, 6) + value.slice(7, 10)) % 31],
      );
      expect(formats.FI.id(rng, woman).value).toMatch(/^281101A\d\d[02468][0-9A-Y]$/);
    });
  });

  it("writes Norwegian fødselsnummer with both mod-11 check digits and the gender digit", () => {
    const weights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const weights2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    const check = (digits: number[], weights: number[]) => {
      const r = weights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0) % 11;
      return r === 0 ? 0 : 11 - r;
    };
    repeat(500, () => {
      for (const facts of [man, woman]) {
        const d = digitsOf(formats.NO.id(rng, facts).value ?? "");
        expect(d).toHaveLength(11);
        expect(d[9]).toBe(check(d, weights1));
        expect(d[10]).toBe(check(d, weights2));
        expect((d[8] ?? 0) % 2).toBe(facts.gender === "male" ? 1 : 0);
      }
    });
  });

  it("writes French INSEE numbers with their key, Swiss AVS numbers with their EAN check", () => {
    repeat(500, () => {
      const [digits = "", key] = (formats.FR.id(rng, woman).value ?? "").split(" ");
      expect(digits).toMatch(/^20111\d{8}$/);
      expect(Number(key)).toBe(97 - (Number(digits) % 97));
      const avs = digitsOf(formats.CH.id(rng, man).value ?? "");
      const sum = avs.slice(0, 12).reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 3), 0);
      expect(avs[12]).toBe((10 - (sum % 10)) % 10);
    });
  });

  it("writes German SVNRs and Danish CPRs from the date of birth, and GB NINOs", () => {
    expect(formats.DE.id(rng, man).value).toMatch(/^\d\d 070384 M [0-4]\d\d$/);
    expect(formats.DK.id(rng, woman).value).toMatch(/^281101-\d{3}[02468]$/);
    expect(formats.GB.id(rng, man).value).toMatch(/^[A-Z]{2} \d\d \d\d \d\d [A-D]$/);
  });
});

describe("nationality tables", () => {
  it("have a few dozen names, cities and streets per nationality, with ASCII spellings", () => {
    for (const nat of NATIONALITIES) {
      const data = nationalities[nat];
      for (const list of [data.male, data.female, data.last]) {
        expect(list.length).toBeGreaterThanOrEqual(20);
        for (const name of list) expect(name.ascii).toMatch(/^[a-z'-]+$/);
      }
      expect(data.cities.length).toBeGreaterThanOrEqual(20);
      expect(data.streets.length).toBeGreaterThanOrEqual(20);
      expect(data.states.length).toBeGreaterThanOrEqual(5);
    }
  });

  it("folds Latin-script names to ASCII", () => {
    expect(asciiFold("Đorđević")).toBe("dordevic");
    expect(asciiFold("Øystein Jørgensen")).toBe("oysteinjorgensen");
    expect(asciiFold("Yıldırım")).toBe("yildirim");
    expect(asciiFold("Straße")).toBe("strasse");
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { ageAt, civil } from "../../../../infra/source/dates.ts";
import {
  contextOf,
  DEFAULT_REFERENCE_DATE,
  generatePage,
  type RandomUser,
  userAt,
} from "../../../../infra/source/generate.ts";
import { NATIONALITIES, type Nat } from "../../../../infra/source/nationalities.ts";
import { Rng } from "../../../../infra/source/prng.ts";
import { parseQuery } from "../../../../infra/source/query.ts";
import { renderPage } from "../../../../infra/source/render.ts";
import { randomUserSchema, UUID_V4 } from "../../../../infra/source/schema.ts";

const query = (search: string) => parseQuery(new URLSearchParams(search));
const users = (search: string) => generatePage(query(search)).results as RandomUser[];
const body = (search: string) => renderPage(query(search)).toString("utf8");

const STRING_POSTCODES: readonly Nat[] = ["BR", "CA", "GB", "IE", "NL", "NO"];

describe("determinism", () => {
  it("gives byte-identical bodies for identical seed, page, size and filters", () => {
    const search = "results=500&seed=same&page=3&nat=us,gb,ir,ua&gender=female&exc=picture";
    expect(renderPage(query(search)).equals(renderPage(query(search)))).toBe(true);
    expect(body("results=50&seed=a")).not.toBe(body("results=50&seed=b"));
    expect(body("results=50&seed=a&page=1")).not.toBe(body("results=50&seed=a&page=2"));
  });

  it("does not depend on the wall clock: ages count to the reference date", () => {
    const today = body("results=50&seed=clock");
    vi.useFakeTimers({ now: new Date("2031-07-01T00:00:00Z") });
    try {
      expect(body("results=50&seed=clock")).toBe(today);
    } finally {
      vi.useRealTimers();
    }
    const reference = new Date("2030-01-01T00:00:00Z");
    const page = JSON.parse(renderPage(query("results=50&seed=clock"), reference).toString());
    for (const user of page.results as RandomUser[]) {
      expect(user.dob.age).toBe(ageAt(civil(Date.parse(user.dob.date)), civil(reference.getTime())));
      expect(new Date(user.registered.date).getTime()).toBeLessThanOrEqual(reference.getTime());
    }
  });

  it("makes user i of page p user (p-1)*results+i: pages tile the sequence and a smaller page is a prefix", () => {
    const all = users("results=300&seed=tiles");
    const pages = [1, 2, 3].flatMap((page) => users(`results=100&seed=tiles&page=${page}`));
    expect(pages).toEqual(all);
    expect(users("results=37&seed=tiles&page=3")).toEqual(all.slice(74, 111));
    expect(users("results=40&seed=tiles")).toEqual(all.slice(0, 40));
    const smaller = body("results=40&seed=tiles&noinfo");
    expect(body("results=300&seed=tiles&noinfo").startsWith(smaller.slice(0, -2))).toBe(true);
  });

  it("never repeats a login.uuid across consecutive pages", () => {
    const uuids = new Set<string>();
    for (let page = 1; page <= 10; page++) {
      for (const user of users(`results=5000&seed=uuids&page=${page}&inc=login`)) uuids.add(user.login.uuid);
    }
    expect(uuids.size).toBe(50_000);
  });

  it("gives unrelated users for different filters on one seed", () => {
    const us = users("results=50&seed=filters&nat=us");
    const gb = users("results=50&seed=filters&nat=gb");
    const women = users("results=50&seed=filters&gender=female");
    const all = users("results=50&seed=filters");
    const shared = (a: RandomUser[], b: RandomUser[]) =>
      a.filter((user, i) => user.login.username === b[i]?.login.username && user.dob.date === b[i]?.dob.date);
    expect(shared(us, gb)).toEqual([]);
    expect(shared(all, women)).toEqual([]);
  });

  it("generates one user independently of those before it", () => {
    const context = contextOf(query("seed=solo&nat=de"), DEFAULT_REFERENCE_DATE);
    const fresh = userAt(context, 999, new Rng(context.key));
    const used = new Rng(context.key);
    for (let i = 0; i < 999; i++) userAt(context, i, used);
    expect(userAt(context, 999, used)).toEqual(fresh);
  });
});

describe("shape", () => {
  it("matches upstream's shape in every field, for every nationality", () => {
    for (const nat of NATIONALITIES) {
      for (const user of users(`results=200&seed=shape&nat=${nat}`)) {
        const parsed = randomUserSchema.safeParse(user);
        if (!parsed.success) throw new Error(`${nat}: ${parsed.error.message}\n${JSON.stringify(user)}`);
        expect(Object.keys(user)).toEqual([
          "gender",
          "name",
          "location",
          "email",
          "login",
          "dob",
          "registered",
          "phone",
          "cell",
          "id",
          "picture",
          "nat",
        ]);
        expect(user.nat).toBe(nat);
      }
    }
  });

  it("hashes password + salt into md5, sha1 and sha256", () => {
    for (const { login } of users("results=100&seed=hashes")) {
      const salted = login.password + login.salt;
      expect(login.md5).toBe(createHash("md5").update(salted).digest("hex"));
      expect(login.sha1).toBe(createHash("sha1").update(salted).digest("hex"));
      expect(login.sha256).toBe(createHash("sha256").update(salted).digest("hex"));
      expect(login.uuid).toMatch(UUID_V4);
    }
  });

  it("writes the postcode as a string for GB, CA, NL, IE, BR, NO and as a number elsewhere", () => {
    for (const nat of NATIONALITIES) {
      const types = new Set(
        users(`results=100&seed=postcodes&nat=${nat}`).map((u) => typeof u.location.postcode),
      );
      expect([nat, [...types]]).toEqual([nat, [STRING_POSTCODES.includes(nat) ? "string" : "number"]]);
    }
  });

  it("gives e-mail addresses as lowercase ASCII first.last, transliterating other scripts", () => {
    for (const user of users("results=2000&seed=emails")) {
      expect(user.email).toMatch(/^[a-z'-]+\.[a-z'-]+@example\.com$/);
    }
    const [persian] = users("seed=fa&nat=ir");
    expect(persian?.name.first).toMatch(/^[\u0600-\u06ff ]+$/);
    const [ukrainian] = users("seed=uk&nat=ua");
    expect(ukrainian?.name.last).toMatch(/^[\u0400-\u04ff'-]+$/);
  });

  it("leaves id.value null where upstream does (IE, NL, ...) and fills it elsewhere", () => {
    for (const nat of ["IE", "NL", "IR", "NZ", "TR", "UA"]) {
      for (const user of users(`results=20&seed=ids&nat=${nat}`)) expect(user.id.value).toBeNull();
    }
    for (const nat of ["US", "GB", "DE", "FR", "AU", "BR"]) {
      for (const user of users(`results=20&seed=ids&nat=${nat}`)) expect(user.id.value).not.toBeNull();
    }
  });

  it("keeps dates consistent: adults at the reference date, registered before it", () => {
    for (const user of users("results=1000&seed=dates")) {
      const dob = new Date(user.dob.date);
      const registered = new Date(user.registered.date);
      expect(user.dob.age).toBe(ageAt(civil(dob.getTime()), civil(DEFAULT_REFERENCE_DATE.getTime())));
      expect(user.dob.age).toBeGreaterThanOrEqual(21);
      expect(user.dob.age).toBeLessThanOrEqual(78);
      expect(registered.getTime()).toBeLessThanOrEqual(DEFAULT_REFERENCE_DATE.getTime());
      expect(user.registered.age).toBeLessThanOrEqual(20);
    }
  });

  it("picks portraits matching the gender", () => {
    for (const user of users("results=500&seed=portraits")) {
      const folder = user.gender === "male" ? "men" : "women";
      expect(user.picture.large).toMatch(new RegExp(`/portraits/${folder}/\\d+\\.jpg$`));
      expect(user.picture.medium).toBe(user.picture.large.replace("/portraits/", "/portraits/med/"));
      expect(user.picture.thumbnail).toBe(user.picture.large.replace("/portraits/", "/portraits/thumb/"));
    }
  });
});

describe("filters", () => {
  it("draws only the asked nationalities, all of them over enough users", () => {
    const nats = new Set(users("results=500&seed=nats&nat=us,fr,ir").map((user) => user.nat));
    expect([...nats].sort()).toEqual(["FR", "IR", "US"]);
    expect(new Set(users("results=2000&seed=nats").map((user) => user.nat)).size).toBe(21);
  });

  it("gives only the asked gender, with matching titles", () => {
    const women = users("results=300&seed=g&gender=female");
    expect(women.every((user) => user.gender === "female")).toBe(true);
    expect(
      women.every((user) => ["Miss", "Mrs", "Ms", "Madame", "Mademoiselle"].includes(user.name.title)),
    ).toBe(true);
    const men = users("results=300&seed=g&gender=male");
    expect(men.every((user) => user.gender === "male" && ["Mr", "Monsieur"].includes(user.name.title))).toBe(
      true,
    );
    const mixed = new Set(users("results=100&seed=g").map((user) => user.gender));
    expect(mixed.size).toBe(2);
  });

  it("includes and excludes fields without changing the user", () => {
    const full = users("results=20&seed=fields");
    const some = generatePage(query("results=20&seed=fields&inc=email,name,nat")).results;
    expect(some).toEqual(full.map((user) => ({ name: user.name, email: user.email, nat: user.nat })));
    const fewer = generatePage(query("results=20&seed=fields&exc=login,location,picture")).results;
    for (const [i, user] of fewer.entries()) {
      expect(Object.keys(user)).toEqual([
        "gender",
        "name",
        "email",
        "dob",
        "registered",
        "phone",
        "cell",
        "id",
        "nat",
      ]);
      expect(user.email).toBe(full[i]?.email);
    }
    expect(generatePage(query("results=3&seed=fields&inc=nothing")).results).toEqual([{}, {}, {}]);
  });

  it("writes info unless noinfo", () => {
    expect(generatePage(query("results=7&seed=info&page=4")).info).toEqual({
      seed: "info",
      results: 7,
      page: 4,
      version: "1.4",
    });
    const bare = JSON.parse(body("results=2&seed=info&noinfo"));
    expect(Object.keys(bare)).toEqual(["results"]);
  });
});

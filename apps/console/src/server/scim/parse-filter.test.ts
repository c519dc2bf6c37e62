import { describe, expect, it } from "vitest";
import { filterToWhere } from "./filter-to-where";
import { GROUP_FILTERS } from "./group-filters";
import { FILTER_LIMITS, parseFilter } from "./parse-filter";
import { ScimError } from "./scim-error";
import { USER_FILTERS } from "./user-filters";

const users = (f: string) => filterToWhere(parseFilter(f), USER_FILTERS);

function refused(f: string): ScimError {
  try {
    users(f);
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return e as ScimError;
  }
  throw new Error(`filter was accepted: ${f.slice(0, 80)}`);
}

describe("SCIM filters Okta and Entra ID send", () => {
  it("userName eq is case-insensitive, externalId eq is exact", () => {
    expect(users('userName eq "Test.User@okta.local"')).toEqual({
      userName: { equals: "Test.User@okta.local", mode: "insensitive" },
    });
    expect(users('externalId eq "00ujl29u0le5T6Aj10h7"')).toEqual({ externalId: { equals: "00ujl29u0le5T6Aj10h7" } });
    expect(filterToWhere(parseFilter('displayName eq "Sales"'), GROUP_FILTERS)).toEqual({
      group: { name: { equals: "Sales", mode: "insensitive" } },
    });
  });

  it("the general grammar: and / or / not, pr, sw, value paths, the enterprise extension", () => {
    expect(users('userName sw "a" and (active eq true or not (title pr))')).toMatchObject({
      AND: [{}, { OR: [{}, {}] }],
    });
    expect(users('emails[type eq "work" and value co "@contoso.com"]')).toMatchObject({
      AND: [{}, { user: { email: { contains: "@contoso.com" } } }],
    });
    expect(users('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"')).toEqual({
      department: { equals: "Sales", mode: "insensitive" },
    });
    expect(users('meta.lastModified gt "2026-01-01T00:00:00Z"')).toEqual({
      updatedAt: { gt: new Date("2026-01-01T00:00:00Z") },
    });
  });
});

describe("hostile filters", () => {
  const corpus: [string, string, RegExp][] = [
    ["unknown attribute", 'password eq "x"', /password/],
    ["a column name that is not a SCIM attribute", "passwordHash pr", /passwordHash/],
    ["prototype keys", '__proto__ eq "x"', /__proto__/],
    ["deep nesting", `${"(".repeat(1000)}userName eq "a"${")".repeat(1000)}`, /deeper/],
    ["deep nesting past the length limit", `${"(".repeat(50_000)}userName eq "a"${")".repeat(50_000)}`, /longer/],
    [
      "nesting at the limit plus one",
      `${"(".repeat(FILTER_LIMITS.maxDepth + 1)}userName eq "a"${")".repeat(FILTER_LIMITS.maxDepth + 1)}`,
      /deeper/,
    ],
    ["value path nesting", `${"emails[".repeat(50)}value eq "a"${"]".repeat(50)}`, /deeper/],
    ["huge string", `userName eq "${"a".repeat(100_000)}"`, /longer/],
    ["many terms", Array.from({ length: 70 }, (_, i) => `userName eq "u${i}"`).join(" or "), /terms|longer/],
    ["SQL in an attribute name", 'userName;DROP TABLE "User" eq 1', /not valid|not supported/],
    ["SQL in a value is only a value", 'userName eq "x\' OR 1=1 --"', /__never__/],
    ["unterminated string", 'userName eq "abc', /not valid/],
    ["missing value", "userName eq", /not valid/],
    ["bad operator", 'userName like "a%"', /not valid/],
    ["control character", 'userName eq "a"\u0000', /control/],
    ["boolean compared with co", 'active co "t"', /active/],
    ["date that is not one", 'meta.created gt "yesterday"', /date-time/],
    ["id compared with sw", 'id sw "a"', /id is compared/],
    ["number for a string attribute", "userName eq 5", /string/],
  ];
  for (const [name, f, msg] of corpus) {
    it(name, () => {
      if (msg.source === "__never__") {
        expect(users(f)).toEqual({ userName: { equals: "x' OR 1=1 --", mode: "insensitive" } });
        return;
      }
      const e = refused(f);
      expect(e.status).toBe(400);
      expect(e.scimType).toBe("invalidFilter");
      expect(e.detail).toMatch(msg);
      expect(e.detail.length).toBeLessThan(300);
    });
  }

  it("an id that is not a UUID matches nothing instead of reaching the database", () => {
    expect(users('id eq "not-a-uuid"')).toMatchObject({ AND: expect.any(Array) });
  });
});

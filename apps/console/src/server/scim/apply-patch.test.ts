import { describe, expect, it } from "vitest";
import { applyPatch } from "./apply-patch";
import { GROUP_ATTRIBUTES, USER_ATTRIBUTES } from "./attributes";
import { PATCH_SCHEMA } from "./schemas";
import { ScimError } from "./scim-error";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });
const user = () => ({
  userName: "a@x.test",
  active: true,
  name: { givenName: "A", familyName: "B" },
  emails: [{ value: "a@x.test", type: "work", primary: true }],
});

describe("PATCH forms Okta and Entra ID send", () => {
  it("attribute names and op in any case, sub-attributes spelled as the schema spells them", () => {
    const out = applyPatch(user(), ops({ op: "REPLACE", path: "NAME.FAMILYNAME", value: "C" }), USER_ATTRIBUTES);
    expect(out.name).toEqual({ givenName: "A", familyName: "C" });
  });

  it("a value filter's strings are left as sent", () => {
    const doc = { ...user(), emails: [{ value: "a@x.test", type: "Work.Value" }] };
    const out = applyPatch(
      doc,
      ops({ op: "replace", path: 'emails[type eq "Work.Value"].value', value: "b@x.test" }),
      USER_ATTRIBUTES,
    );
    expect(out.emails).toEqual([{ value: "b@x.test", type: "Work.Value" }]);
  });

  it("Entra's enterprise manager as a plain string and its removal", () => {
    const set = applyPatch(user(), ops({ op: "Add", path: `${ENT}:manager`, value: "m-1" }), USER_ATTRIBUTES);
    expect(set[ENT]).toEqual({ manager: "m-1" });
    const gone = applyPatch(set, ops({ op: "Remove", path: `${ENT}:manager` }), USER_ATTRIBUTES);
    expect(gone[ENT]).toEqual({});
  });

  it("group members: add a list, remove by filter, remove by value list", () => {
    const g = { displayName: "G", members: [{ value: "u1" }] };
    const added = applyPatch(
      g,
      ops({ op: "add", path: "members", value: [{ value: "u2" }, { value: "u3" }] }),
      GROUP_ATTRIBUTES,
    );
    expect(added.members).toEqual([{ value: "u1" }, { value: "u2" }, { value: "u3" }]);
    const one = applyPatch(added, ops({ op: "remove", path: 'members[value eq "u2"]' }), GROUP_ATTRIBUTES);
    expect(one.members).toEqual([{ value: "u1" }, { value: "u3" }]);
    const list = applyPatch(one, ops({ op: "Remove", path: "members", value: [{ value: "u1" }] }), GROUP_ATTRIBUTES);
    expect(list.members).toEqual([{ value: "u3" }]);
  });

  it("refuses paths outside the schema and prototype keys, leaving the document as it was", () => {
    const doc = user();
    for (const path of ["__proto__.x", "constructor.prototype.x", "passwordHash", "name.__proto__"]) {
      expect(() => applyPatch(doc, ops({ op: "add", path, value: 1 }), USER_ATTRIBUTES)).toThrow(ScimError);
    }
    expect(() =>
      applyPatch(
        doc,
        JSON.parse(`{"schemas":["${PATCH_SCHEMA}"],"Operations":[{"op":"add","value":{"__proto__":{"x":1}}}]}`),
        USER_ATTRIBUTES,
      ),
    ).toThrow(ScimError);
    expect(doc).toEqual(user());
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

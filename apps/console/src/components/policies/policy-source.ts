"use client";
import type { PolicyError } from "@luminous/policy";
import { isMap, parseDocument } from "yaml";

/**
 * The editor's one source of truth is the policy text. The form reads values from it and
 * writes each edit back into it through the YAML document model, so comments, key order and
 * everything the form does not show survive a form edit untouched.
 */
export type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

export function readSource(source: string): { raw: Raw | null; syntax: PolicyError[] } {
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      raw: null,
      syntax: doc.errors.map((e) => ({
        path: "",
        line: e.linePos?.[0].line,
        column: e.linePos?.[0].col,
        message: e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""),
      })),
    };
  }
  const js = doc.toJS();
  return { raw: isRecord(js) ? js : {}, syntax: [] };
}

export function getAt(raw: Raw | null, path: string): unknown {
  let cur: unknown = raw;
  for (const key of path.split(".")) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Sets (or, with undefined, removes) one field; an emptied section is removed too. */
export function editSource(source: string, path: string, value: unknown): string {
  const doc = parseDocument(source);
  const keys = path.split(".");
  if (value === undefined) {
    doc.deleteIn(keys);
    const parent = keys.slice(0, -1);
    const p = parent.length ? doc.getIn(parent, true) : null;
    if (isMap(p) && p.items.length === 0) doc.deleteIn(parent);
  } else {
    // Lists in flow style ([a, b]) keep a policy short and easy to diff in git.
    doc.setIn(keys, Array.isArray(value) ? doc.createNode(value, { flow: true }) : value);
  }
  if (doc.contents === null || (isMap(doc.contents) && doc.contents.items.length === 0)) {
    return doc.commentBefore ? `# ${doc.commentBefore.replace(/\n/g, "\n# ")}\n` : "";
  }
  return doc.toString({ lineWidth: 0 });
}

/** Errors that belong to a field: its own path and anything below it (list items, unknown keys). */
export function errorsAt(errors: PolicyError[], path: string): PolicyError[] {
  return errors.filter((e) => e.path === path || e.path.startsWith(`${path}[`) || e.path.startsWith(`${path}.`));
}

export function describeError(e: PolicyError): string {
  return `${e.path ? `${e.path}: ` : ""}${e.message}`;
}

import { checkValueLimits, JSON_LIMITS, scanJsonDepth, tooDeepMessage } from "@luminous/json-limits";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { formatPath, locate, type PathSegment } from "./locate";
import { type TPolicy, type TPolicyPatch, ZPolicy, ZPolicyPatch } from "./schema";

export type PolicyFormat = "yaml" | "json";

export interface PolicyError {
  /** Dotted path of the offending field, e.g. `commands.blacklist[2]`; "" for the whole document. */
  path: string;
  /** 1-based line and column in the source text, when the field (or the syntax error) is located. */
  line?: number;
  column?: number;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: PolicyError[] };

export type ParsePolicyResult = { ok: true; policy: TPolicy } | { ok: false; errors: PolicyError[] };
export type ParsePatchResult = { ok: true; patch: TPolicyPatch } | { ok: false; errors: PolicyError[] };

/** JSON documents start with `{` (after whitespace or a BOM); everything else is read as YAML. */
export function detectFormat(text: string): PolicyFormat {
  return /^[\s\uFEFF]*[{[]/.test(text) ? "json" : "yaml";
}

/** Parses a security-policy.yaml (or .json); omitted fields take the secure defaults. */
export function parsePolicy(text: string, format?: PolicyFormat): ParsePolicyResult {
  const result = parseWith(ZPolicy, text, format);
  return result.ok ? { ok: true, policy: result.value } : result;
}

/** Parses a group or device override: a partial policy, validated with the same paths and lines. */
export function parsePolicyPatch(text: string, format?: PolicyFormat): ParsePatchResult {
  const result = parseWith(ZPolicyPatch, text, format);
  return result.ok ? { ok: true, patch: result.value } : result;
}

function parseWith<T>(schema: z.ZodType<T>, text: string, format = detectFormat(text)): ParseResult<T> {
  const lineCounter = new LineCounter();
  // The shared nesting limit, before anything recursive (the YAML parser, zod, error formatting)
  // walks the document: a JSON source nested 5,000 levels took the whole process down.
  if (format === "json") {
    const deep = scanJsonDepth(text).tooDeep[0];
    if (deep) {
      const before = text.slice(0, deep.offset);
      const path = formatPath(deep.path.slice(0, 16)) + (deep.path.length > 16 ? "…" : "");
      return {
        ok: false,
        errors: [
          {
            path,
            line: before.split("\n").length,
            column: deep.offset - before.lastIndexOf("\n"),
            message: tooDeepMessage(JSON_LIMITS.maxDepth),
          },
        ],
      };
    }
  }
  // YAML 1.2 is a superset of JSON, so one parser gives node ranges for both formats.
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true, prettyErrors: true, uniqueKeys: true });

  let data: unknown;
  if (format === "json") {
    const jsonError = jsonSyntaxError(text, lineCounter, doc.errors[0]?.linePos?.[0]);
    if (jsonError) return { ok: false, errors: [jsonError] };
    data = JSON.parse(text);
  } else {
    if (doc.errors.length > 0) {
      return {
        ok: false,
        errors: doc.errors.map((e) => ({
          path: "",
          line: e.linePos?.[0].line,
          column: e.linePos?.[0].col,
          message: firstLine(e.message).replace(/ at line \d+, column \d+:?$/, ""),
        })),
      };
    }
    data = doc.toJS({ maxAliasCount: 100 });
    const limit = checkValueLimits(data, {}, "");
    if (limit) return { ok: false, errors: [{ path: limit.path, message: limit.message }] };
  }

  const parsed = schema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };

  const errors: PolicyError[] = [];
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        errors.push({
          path: formatPath(keyPath),
          ...locate(doc.contents, keyPath, lineCounter, true),
          message: `unknown key "${key}"`,
        });
      }
      continue;
    }
    const got = "input" in issue && issue.code !== "invalid_type" ? ` (got ${JSON.stringify(issue.input)})` : "";
    errors.push({ path: formatPath(path), ...locate(doc.contents, path, lineCounter), message: issue.message + got });
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { ok: false, errors };
}

/** Strict JSON syntax check (comments, trailing commas and bare words are refused) with a position. */
function jsonSyntaxError(
  text: string,
  lineCounter: LineCounter,
  yamlPos: { line: number; col: number } | undefined,
): PolicyError | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /at position (\d+)/.exec(message);
    let pos = at ? lineCounter.linePos(Number(at[1])) : yamlPos;
    if (!pos && /end of (JSON )?input/i.test(message)) pos = lineCounter.linePos(text.length);
    return {
      path: "",
      line: pos ? Math.max(pos.line, 1) : undefined,
      column: pos?.col,
      message: `JSON syntax error: ${message}`,
    };
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

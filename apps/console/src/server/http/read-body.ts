import { gunzipSync } from "node:zlib";
import {
  formatPath,
  JSON_LIMITS,
  JsonLimitError,
  parseJsonWithin,
  scanJsonDepth,
  tooDeepMessage,
} from "@luminous/json-limits";
import { AppError, type FieldError } from "./errors";

/**
 * The one reader of request bodies, used by every transport (admin API, agent API, ingestion):
 * streamed under a byte limit, optionally gzip-decoded under a decoded-size limit, decoded as strict
 * UTF-8, and parsed only after the shared nesting limit (@luminous/json-limits) has been checked on
 * the raw text, so nothing recursive (zod, canonical JSON) ever sees a value nested past it.
 */
export interface BodyLimits {
  /** Bytes on the wire. */
  maxBytes: number;
  /** Set to accept `Content-Encoding: gzip`: the most bytes it may decode to (a gzip bomb stops here). */
  maxDecodedBytes?: number;
  maxDepth?: number;
}

export const MAX_JSON_BYTES = JSON_LIMITS.maxBytes;

const tooLarge = (what: string, limit: number) => new AppError("too_large", `${what} is larger than ${limit} bytes`);

/** The exact bytes on the wire (a device token signs them), read as a stream and cut off at the limit. */
export async function readRawBody(req: Request, maxBytes: number): Promise<Buffer> {
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge("Request body", maxBytes);
  if (!req.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge("Request body", maxBytes);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes as text: gunzipped when gzip is allowed and sent, refused when the bytes are not UTF-8. */
export function decodeBody(raw: Buffer, contentEncoding: string | null, limits: BodyLimits): string {
  let bytes = raw;
  const enc = (contentEncoding ?? "identity").trim().toLowerCase();
  if (enc === "gzip" && limits.maxDecodedBytes !== undefined) {
    try {
      bytes = gunzipSync(raw, { maxOutputLength: limits.maxDecodedBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError) {
        throw tooLarge("Decompressed body", limits.maxDecodedBytes);
      }
      throw new AppError("validation", "Body is not valid gzip", {
        fields: [{ path: "(body)", message: "not valid gzip" }],
      });
    }
  } else if (enc !== "identity") {
    throw new AppError("validation", `Unsupported content-encoding ${enc}`, {
      fields: [
        {
          path: "(content-encoding)",
          message: limits.maxDecodedBytes === undefined ? "must be identity" : "must be gzip or identity",
        },
      ],
    });
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError("validation", "Body is not valid UTF-8", {
      fields: [{ path: "(body)", message: "not valid UTF-8" }],
    });
  }
}

/** A refusal of the shared limits as the API reports it: 413 for size, 422 naming the field otherwise. */
export function limitError(e: JsonLimitError): AppError {
  if (e.kind === "too_large") return new AppError("too_large", `Request body ${e.detail}`);
  if (e.kind === "malformed") {
    return new AppError("validation", `Malformed JSON: ${e.detail.replace(/^malformed JSON \((.*)\)$/, "$1")}`, {
      fields: [{ path: e.path, message: "malformed JSON" }],
    });
  }
  return new AppError("validation", `Invalid request body: ${e.message}`, {
    fields: [{ path: e.path, message: e.detail }],
  });
}

/** JSON text within the nesting limit; empty text is `{}`. */
export function parseJsonText(text: string, maxDepth: number = JSON_LIMITS.maxDepth): unknown {
  try {
    return parseJsonWithin(text, { maxDepth, maxBytes: Number.MAX_SAFE_INTEGER, empty: {} });
  } catch (e) {
    throw e instanceof JsonLimitError ? limitError(e) : e;
  }
}

export interface ItemsBody {
  value: unknown;
  /** Items of the array `itemsOf` that nest past the limit (by index): refused one by one, never walked. */
  tooDeep: Map<number, FieldError>;
}

/**
 * JSON text whose top-level array `itemsOf` holds independent items (ingestion's `events`): an item
 * nesting past the limit (counted from the item itself, as its sender counted it) does not refuse
 * the others; it comes back in `tooDeep` with the failing field relative to the item. Nesting past
 * the limit anywhere else refuses the whole body.
 */
export function parseJsonItems(
  text: string,
  itemsOf: string,
  maxItems: number,
  maxDepth = JSON_LIMITS.maxDepth,
): ItemsBody {
  // The items sit two levels down ({ itemsOf: [ item ] }), so the body may be two levels deeper.
  const scan = scanJsonDepth(text, { maxDepth: maxDepth + 2, maxReports: maxItems + 1 });
  const tooDeep = new Map<number, FieldError>();
  for (const d of scan.tooDeep) {
    const [key, index] = d.path;
    if (scan.truncated || key !== itemsOf || typeof index !== "number") {
      const path = formatPath(d.path);
      throw limitError(new JsonLimitError("too_deep", path, tooDeepMessage(maxDepth)));
    }
    if (!tooDeep.has(index)) {
      tooDeep.set(index, { path: formatPath(d.path.slice(2), "(event)"), message: tooDeepMessage(maxDepth) });
    }
  }
  if (text.trim() === "") return { value: {}, tooDeep };
  try {
    return { value: JSON.parse(text), tooDeep };
  } catch (e) {
    throw limitError(new JsonLimitError("malformed", "(body)", `malformed JSON (${(e as Error).message})`));
  }
}

/** Reads a JSON request body within the size and nesting limits. */
export async function readJson(req: Request, limits: BodyLimits = { maxBytes: MAX_JSON_BYTES }): Promise<unknown> {
  const raw = await readRawBody(req, limits.maxBytes);
  return parseJsonText(decodeBody(raw, req.headers.get("content-encoding"), limits), limits.maxDepth);
}

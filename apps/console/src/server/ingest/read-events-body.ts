import { gunzipSync } from "node:zlib";
import { AppError } from "../http/errors";
import { INGEST } from "./limits";

async function readLimited(req: Request, limit: number): Promise<Buffer> {
  if (Number(req.headers.get("content-length") ?? "0") > limit) {
    throw new AppError("too_large", `Request body is larger than ${limit} bytes`);
  }
  if (!req.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw new AppError("too_large", `Request body is larger than ${limit} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** The exact bytes on the wire (the device token signs them) under the size limit. */
export function readRawBody(req: Request): Promise<Buffer> {
  return readLimited(req, INGEST.maxBodyBytes);
}

/** Decompresses (gzip) within the decoded-size limit and parses; malformed JSON is a 422 naming the body. */
export function decodeEventsBody(raw: Buffer, contentEncoding: string | null): unknown {
  let bytes = raw;
  const enc = (contentEncoding ?? "identity").trim().toLowerCase();
  if (enc === "gzip") {
    try {
      bytes = gunzipSync(raw, { maxOutputLength: INGEST.maxDecodedBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError) {
        throw new AppError("too_large", `Decompressed body is larger than ${INGEST.maxDecodedBytes} bytes`);
      }
      throw new AppError("validation", "Body is not valid gzip", {
        fields: [{ path: "(body)", message: "not valid gzip" }],
      });
    }
  } else if (enc !== "identity") {
    throw new AppError("validation", `Unsupported content-encoding ${enc}`, {
      fields: [{ path: "(content-encoding)", message: "must be gzip or identity" }],
    });
  }
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("validation", `Malformed JSON: ${(e as Error).message}`, {
      fields: [{ path: "(body)", message: "malformed JSON" }],
    });
  }
}

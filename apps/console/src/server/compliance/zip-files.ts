import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { Zip, ZipDeflate } from "fflate";

const CHUNK = 1 << 20;

/**
 * Zips files (name -> path on disk) into `out`, reading and writing 1 MiB at a time, so a package
 * of any size passes through bounded memory; returns the zip's SHA-256 (hex) and size.
 */
export function zipFiles(entries: { name: string; path: string }[], out: string): { sha256: string; bytes: number } {
  const fd = openSync(out, "w");
  const hash = createHash("sha256");
  let bytes = 0;
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else {
      writeSync(fd, chunk);
      hash.update(chunk);
      bytes += chunk.length;
    }
  });
  try {
    const buf = Buffer.alloc(CHUNK);
    for (const e of entries) {
      const f = new ZipDeflate(e.name, { level: 6 });
      zip.add(f);
      const inFd = openSync(e.path, "r");
      try {
        for (;;) {
          const n = readSync(inFd, buf, 0, CHUNK, null);
          // A copy: the deflater may keep what it was given while the next chunk is read into buf.
          f.push(Uint8Array.from(buf.subarray(0, n)), n === 0);
          if (n === 0) break;
        }
      } finally {
        closeSync(inFd);
      }
    }
    zip.end();
    if (failed) throw failed;
    return { sha256: hash.digest("hex"), bytes };
  } finally {
    closeSync(fd);
  }
}

import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { appendToChain, type ChainLink, type TChainedEvent, type TEventInput } from "@luminous/audit";
import { readJson, writeJsonAtomic } from "../state";
import { withLock } from "./lock";
import { ZSpoolMeta } from "./meta";

/** Spool tunables; the size limit can be set with LUMINOUS_AGENT_SPOOL_MAX_BYTES. */
export const SPOOL_DEFAULTS = {
  maxBytes: 64 * 1024 * 1024,
  segmentBytes: 1024 * 1024,
} as const;

export class SpoolFullError extends Error {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(
      `audit spool full (${bytes} of ${maxBytes} bytes unsent): event refused, nothing was dropped; the console must acknowledge events first`,
    );
    this.name = "SpoolFullError";
  }
}

export interface SpoolStats {
  /** Events appended and not yet acknowledged by the console. */
  pending: number;
  bytes: number;
  maxBytes: number;
  full: boolean;
  lastSeq: number;
  ackedThrough: number;
  oldestPendingTs: string | null;
}

const SEG_RE = /^seg-(\d{16})\.ndjson$/;
const segName = (firstSeq: number) => `seg-${String(firstSeq).padStart(16, "0")}.ndjson`;

export function resolveMaxBytes(): number {
  const v = Number(process.env.LUMINOUS_AGENT_SPOOL_MAX_BYTES);
  return Number.isSafeInteger(v) && v > 0 ? v : SPOOL_DEFAULTS.maxBytes;
}

/**
 * The agent's durable audit spool: append-only NDJSON segment files of hash-chained events
 * (per-device seq 1, 2, 3, ...), each append fsync'd before it is reported done. `meta.json`
 * (atomic writes) remembers the acknowledged position and the chain head once acknowledged
 * segments are deleted. Only events the console acknowledged are ever removed; a full spool
 * refuses new events (SpoolFullError) rather than dropping old ones. Safe across processes
 * (a lock file around every mutation); a torn last line from a crash mid-write is cut off on the
 * next append (it was never acknowledged to its writer).
 */
export class Spool {
  readonly dir: string;
  readonly maxBytes: number;
  private readonly segmentBytes: number;

  constructor(stateDir: string, opts: { maxBytes?: number; segmentBytes?: number } = {}) {
    this.dir = path.join(stateDir, "spool");
    this.maxBytes = opts.maxBytes ?? resolveMaxBytes();
    this.segmentBytes = opts.segmentBytes ?? SPOOL_DEFAULTS.segmentBytes;
    mkdirSync(this.dir, { recursive: true, mode: 0o750 });
  }

  private get metaFile() {
    return path.join(this.dir, "meta.json");
  }
  private get lockFile() {
    return path.join(this.dir, "lock");
  }

  private meta() {
    return readJson(this.metaFile, ZSpoolMeta) ?? ZSpoolMeta.parse({});
  }

  private segments(): { file: string; firstSeq: number; size: number }[] {
    return readdirSync(this.dir)
      .map((n) => SEG_RE.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => {
        const file = path.join(this.dir, m[0]);
        return { file, firstSeq: Number(m[1]), size: statSync(file).size };
      })
      .sort((a, b) => a.firstSeq - b.firstSeq);
  }

  /** Complete lines of a segment (a torn tail, never acknowledged to anyone, is ignored). */
  private readSegment(file: string): TChainedEvent[] {
    const text = readFileSync(file, "utf8");
    const end = text.lastIndexOf("\n");
    if (end < 0) return [];
    const out: TChainedEvent[] = [];
    for (const line of text.slice(0, end).split("\n")) {
      if (line) out.push(JSON.parse(line) as TChainedEvent);
    }
    return out;
  }

  /** The last complete line of a segment, reading only its tail (events are bounded, < 64 KiB). */
  private tail(file: string, size: number): { event: TChainedEvent | null; completeBytes: number } {
    if (size === 0) return { event: null, completeBytes: 0 };
    const len = Math.min(size, 128 * 1024);
    const buf = Buffer.alloc(len);
    const fd = openSync(file, "r");
    try {
      readSync(fd, buf, 0, len, size - len);
    } finally {
      closeSync(fd);
    }
    const end = buf.lastIndexOf(0x0a);
    if (end < 0) return { event: null, completeBytes: size - len };
    const start = end === 0 ? 0 : buf.lastIndexOf(0x0a, end - 1) + 1;
    return {
      event: JSON.parse(buf.subarray(start, end).toString("utf8")) as TChainedEvent,
      completeBytes: size - len + end + 1,
    };
  }

  private head(segs = this.segments()): ChainLink | null {
    for (let i = segs.length - 1; i >= 0; i--) {
      const { event } = this.tail(segs[i]!.file, segs[i]!.size);
      if (event) return { seq: event.seq, hash: event.hash };
    }
    return this.meta().head;
  }

  /** Validated input in, chained event out, durable on disk when this returns. */
  append(input: TEventInput): TChainedEvent {
    return withLock(this.lockFile, () => {
      const segs = this.segments();
      const bytes = segs.reduce((n, s) => n + s.size, 0);
      if (bytes >= this.maxBytes) throw new SpoolFullError(bytes, this.maxBytes);
      const event = appendToChain(this.head(segs), input);
      const line = Buffer.from(`${JSON.stringify(event)}\n`);
      const last = segs.at(-1);
      const reuse = last && last.size < this.segmentBytes;
      const file = reuse ? last.file : path.join(this.dir, segName(event.seq));
      const fd = openSync(file, "a+", 0o640);
      try {
        if (reuse && last.size > 0) {
          const { completeBytes } = this.tail(file, last.size);
          if (completeBytes !== last.size) ftruncateSync(fd, completeBytes); // torn write from a crash
        }
        writeSync(fd, line);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (!reuse) fsyncDir(this.dir);
      return event;
    });
  }

  /** Up to `maxEvents` unacknowledged events, oldest first, within about `maxBytes` of JSON. */
  pending(maxEvents = 500, maxBytes = 2 * 1024 * 1024): TChainedEvent[] {
    const { ackedThrough, ackedAhead } = this.meta();
    const ahead = new Set(ackedAhead);
    const out: TChainedEvent[] = [];
    let size = 0;
    for (const seg of this.segments()) {
      for (const e of this.readSegment(seg.file)) {
        if (e.seq <= ackedThrough || ahead.has(e.seq)) continue;
        const n = JSON.stringify(e).length;
        if (out.length >= maxEvents || (out.length > 0 && size + n > maxBytes)) return out;
        out.push(e);
        size += n;
      }
    }
    return out;
  }

  /**
   * Records what the console acknowledged (stored, already stored, or refused for good) and
   * deletes segments every event of which is acknowledged. Acknowledgements past a hole are kept
   * until the hole is filled, so nothing unacknowledged is ever deleted.
   */
  ack(seqs: number[]): void {
    if (seqs.length === 0) return;
    withLock(this.lockFile, () => {
      const meta = this.meta();
      const extra = new Set([...meta.ackedAhead, ...seqs.filter((s) => s > meta.ackedThrough)]);
      let through = meta.ackedThrough;
      while (extra.has(through + 1)) {
        through += 1;
        extra.delete(through);
      }
      const segs = this.segments();
      let head = meta.head;
      const drop: string[] = [];
      for (const [i, seg] of segs.entries()) {
        const events = this.readSegment(seg.file);
        const last = events.at(-1);
        const nextFirst = segs[i + 1]?.firstSeq;
        // A segment can go once all its events are acknowledged; the newest only when the
        // position it ends at is saved as the chain head first.
        if (last && last.seq <= through) {
          if (nextFirst === undefined) head = { seq: last.seq, hash: last.hash };
          drop.push(seg.file);
        } else break;
      }
      writeJsonAtomic(this.metaFile, { ackedThrough: through, ackedAhead: [...extra].sort((a, b) => a - b), head });
      for (const f of drop) rmSync(f, { force: true });
      if (drop.length) fsyncDir(this.dir);
    });
  }

  /** Cheap count of unacknowledged events (no segment is read but the newest one's tail). */
  pendingCount(): number {
    const meta = this.meta();
    return Math.max(0, (this.head()?.seq ?? 0) - meta.ackedThrough - meta.ackedAhead.length);
  }

  stats(): SpoolStats {
    const meta = this.meta();
    const segs = this.segments();
    const bytes = segs.reduce((n, s) => n + s.size, 0);
    const lastSeq = this.head()?.seq ?? 0;
    const first = segs.length ? this.readSegment(segs[0]!.file).find((e) => e.seq > meta.ackedThrough) : undefined;
    return {
      pending: Math.max(0, lastSeq - meta.ackedThrough - meta.ackedAhead.length),
      bytes,
      maxBytes: this.maxBytes,
      full: bytes >= this.maxBytes,
      lastSeq,
      ackedThrough: meta.ackedThrough,
      oldestPendingTs: first?.ts ?? null,
    };
  }
}

function fsyncDir(dir: string) {
  try {
    const fd = openSync(dir, "r");
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; the file's own fsync already happened.
  }
}

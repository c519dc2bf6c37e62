/**
 * Used only by prisma.config.ts for the CLI (migrate deploy / dev).
 *
 * The WebAssembly schema engine reads Postgres catalog columns of type `name` (oid 19) and
 * `"char"` (oid 18), which @prisma/adapter-pg 6.19 cannot deserialize (prisma/orm#27403:
 * "Column type 'name' could not be deserialized"). Both are plain text on the wire, so this
 * pool reports them as `text` (oid 25). pg's Pool calls client.query with a callback, so both
 * the callback and the promise forms are wrapped.
 *
 * The adapter's executeScript also splits a migration on every ";", which breaks dollar-quoted
 * PL/pgSQL bodies; wholeScripts() sends each migration as one simple-protocol query instead,
 * which Postgres parses properly.
 */
import pg from "pg";

const REWRITE = new Map([
  [19, 25],
  [18, 25],
]);

// biome-ignore lint/suspicious/noExplicitAny: pg's result shape differs between query forms
function fixFields(result: any) {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of r?.fields ?? []) {
      const to = REWRITE.get(f.dataTypeID);
      if (to) f.dataTypeID = to;
    }
  }
  return result;
}

class CatalogTypesClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors pg.Client#query's overloads
  override query(...args: any[]): any {
    const cbIndex = args.findIndex((a) => typeof a === "function");
    if (cbIndex >= 0) {
      const cb = args[cbIndex];
      // biome-ignore lint/suspicious/noExplicitAny: pg callback signature
      args[cbIndex] = (err: unknown, res: any) => cb(err, err ? res : fixFields(res));
      // biome-ignore lint/suspicious/noExplicitAny: forwarding overloads
      return (super.query as any)(...args);
    }
    // biome-ignore lint/suspicious/noExplicitAny: forwarding overloads
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then(fixFields) : out;
  }
}

export function catalogTypesPool(connectionString: string): pg.Pool {
  return new pg.Pool({ connectionString, Client: CatalogTypesClient, max: 4 });
}

interface ScriptAdapter {
  executeScript(script: string): Promise<void>;
  underlyingDriver(): pg.Pool;
}
interface AdapterFactory {
  connect(): Promise<unknown>;
}

export function wholeScripts<F extends AdapterFactory>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as ScriptAdapter;
    adapter.executeScript = async (script: string) => {
      await adapter.underlyingDriver().query(script);
    };
    return adapter;
  };
  return factory;
}

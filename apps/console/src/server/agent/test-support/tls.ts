import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A throwaway CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI. */
export function makeTestPki(dir: string): { caFile: string; key: Buffer; cert: Buffer } {
  const p = (f: string) => path.join(dir, f);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  ssl(
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=Luminous Test CA",
    "-keyout",
    p("ca.key"),
    "-out",
    p("ca.pem"),
  );
  ssl(
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    p("server.key"),
    "-out",
    p("server.csr"),
  );
  writeFileSync(p("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  ssl(
    "x509",
    "-req",
    "-in",
    p("server.csr"),
    "-CA",
    p("ca.pem"),
    "-CAkey",
    p("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    p("ext.cnf"),
    "-out",
    p("server.pem"),
  );
  return { caFile: p("ca.pem"), key: readFileSync(p("server.key")), cert: readFileSync(p("server.pem")) };
}

import http from "node:http";

/** POSTs JSON to the agent's local unix-socket API and parses the answer (tests only). */
export function socketPost(socketPath: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath, path, method: "POST", headers: { "content-type": "application/json" } },
      (res) => {
        let t = "";
        res.on("data", (c) => {
          t += c;
        });
        res.on("end", () => resolve(JSON.parse(t)));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

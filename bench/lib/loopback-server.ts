/**
 * The loopback server the per-call and memory sections talk to, in its own process so that its
 * work does not land on the measured one: node:http with keep-alive on 127.0.0.1, answering as
 * fixtures.ts says, plus GET /big/<bytes> (a file of that size, with Content-Length) for the
 * memory section (with --cert-bytes N the download itself answers N bytes). Prints its port as one line, exits when stdin closes.
 */
import { createServer } from "node:http";
import { answer } from "./fixtures.js";

const CHUNK = new Uint8Array(64 * 1024).fill(7);
const flag = process.argv.indexOf("--cert-bytes");
const CERT_BYTES_OPTION = flag === -1 ? undefined : Number(process.argv[flag + 1]);

const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  req.resume();
  req.on("end", () => {
    // GET /big/<bytes>, or the download itself when the server was started with --cert-bytes.
    const big = /^\/big\/(\d+)$/.exec(url.pathname);
    const certBytes = url.pathname.endsWith("/cert") ? CERT_BYTES_OPTION : undefined;
    if (big || certBytes !== undefined) {
      const size = Number(big?.[1] ?? certBytes);
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(size) });
      let sent = 0;
      const write = () => {
        while (sent < size) {
          const n = Math.min(CHUNK.byteLength, size - sent);
          sent += n;
          if (!res.write(n === CHUNK.byteLength ? CHUNK : CHUNK.subarray(0, n))) return void res.once("drain", write);
        }
        res.end();
      };
      write();
      return;
    }
    const { status, headers, body } = answer(req.method ?? "GET", url.pathname);
    res.writeHead(status, headers);
    res.end(body ?? undefined);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${typeof address === "object" && address ? address.port : 0}\n`);
});
process.stdin.on("end", () => server.close(() => process.exit(0)));
process.stdin.resume();

import net from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandIn, type StandIn } from "../standin/index.ts";
import { NodeChild } from "../support/node-child.ts";
import { createTestDatabase } from "../support/postgres.ts";

// The bot as operators run it, with HTTP_PORT set: a request that crashed the handler ended the process.
let standIn: StandIn;
let database: { url: string; drop: () => Promise<void> };
let bot: NodeChild;
let port: number;

/** Random requests per property; `PROPERTY_RUNS=5000 npx vitest run test/reliability/ops-http.test.ts` for a long run. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
/** A request gets its answer (or its connection closed) well within this. */
const ANSWER_BOUND_MS = 3_000;

interface RawOutcome {
  readonly response: string;
  readonly closed: boolean;
  readonly ms: number;
}

/** How long a client waits for an answer before it says it has nothing more to send. */
const HALF_CLOSE_AFTER_MS = 100;

/**
 * Writes raw bytes on a fresh TCP connection, half-closes it a moment later if no answer came yet
 * (a client that sent all it had, so an incomplete request need not wait out the server's
 * timeouts), then waits for the first response head or the server closing, whichever comes first.
 */
function rawRequest(bytes: Uint8Array | string, boundMs = ANSWER_BOUND_MS, halfClose = true): Promise<RawOutcome> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ response: received, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new Error(`no answer and no close within ${boundMs} ms; got ${JSON.stringify(received.slice(0, 200))}`));
    }, boundMs);
    socket.on("connect", () => {
      socket.write(bytes);
      if (halfClose) setTimeout(() => settled || socket.end(), HALF_CLOSE_AFTER_MS);
    });
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      if (/^HTTP\/1\.[01] \d{3} [^\r\n]*\r\n[\s\S]*?\r\n\r\n/.test(received)) finish(false);
    });
    socket.on("error", () => finish(true));
    socket.on("close", () => finish(true));
  });
}

const statusOf = (outcome: RawOutcome) => /^HTTP\/1\.[01] (\d{3})/.exec(outcome.response)?.[1];

async function healthStatus(): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(ANSWER_BOUND_MS) });
  await response.arrayBuffer();
  return response.status;
}

function expectAlive(): void {
  expect(bot.child.exitCode, `the bot exited:\n${bot.text.slice(-2_000)}`).toBeNull();
}

beforeAll(async () => {
  standIn = await startStandIn();
  database = await createTestDatabase();
  bot = NodeChild.bot({
    DISCORD_TOKEN: standIn.token,
    DISCORD_API_URL: standIn.restUrl,
    DATABASE_URL: database.url,
    LOG_LEVEL: "info",
    HTTP_PORT: "0",
  });
  const line = await bot.waitForLine(/health and metrics listening/);
  port = (JSON.parse(line) as { port: number }).port;
  await bot.waitForLine(/connected to Discord/);
});

afterAll(async () => {
  await bot?.stop();
  await standIn?.close();
  await database?.drop();
});

describe("the ops HTTP port", () => {
  it("answers `GET http://[/` with 400 and keeps the bot running", async () => {
    const outcome = await rawRequest("GET http://[/ HTTP/1.1\r\nHost: x\r\n\r\n", ANSWER_BOUND_MS, false);
    expect(statusOf(outcome)).toBe("400");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expectAlive();
    expect(await healthStatus()).toBe(200);
  });

  it("answers unknown paths 404, other methods 405 and bodies 413", async () => {
    expect(statusOf(await rawRequest("GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n"))).toBe("404");
    expect(statusOf(await rawRequest("DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))).toBe("405");
    expect(statusOf(await rawRequest("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"))).toBe("413");
    const head = await rawRequest("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(statusOf(head)).toBe("200");
    expect(head.response.split("\r\n\r\n")[1] ?? "").toBe("");
  });

  it("cuts off a client that sends half a request and then nothing, and others are answered meanwhile", async () => {
    const stalled = rawRequest("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow:", 10_000, false);
    expect(await healthStatus()).toBe(200);
    const outcome = await stalled;
    // Node's parser answers 408 once headersTimeout (5 s) passes; checked every second.
    expect(outcome.ms).toBeLessThan(8_000);
    expect(statusOf(outcome) === "408" || outcome.closed).toBe(true);
  }, 15_000);

  it("refuses a header block past 8 KB with 431", async () => {
    const outcome = await rawRequest(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(statusOf(outcome)).toBe("431");
    expect(await healthStatus()).toBe(200);
  });
});

const NASTY_TARGETS = [
  "http://[/",
  "http://[",
  "//",
  "///healthz",
  "/%zz",
  "/healthz%00",
  "/\0",
  "*",
  "http://[::1]/healthz",
  "https://user:pass@[::1]:99999/metrics",
  "/healthz?%zz=%",
  "/metrics#frag",
  "?",
  "%",
  "\\\\",
  "/" + "a".repeat(9_000),
];
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE", "PATCH", "get", "", "G\0T", "PRI"];
const VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.1 extra", "", "http/1.1"];

const bytesToLatin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 60 }).map(bytesToLatin1), fc.string({ unit: "grapheme", maxLength: 20 }));

const target = fc.oneof(
  fc.constantFrom(...NASTY_TARGETS),
  anyText,
  anyText.map((text) => `/${text}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.nat({ max: 70_000 }).map((n) => `/${"x".repeat(n)}`),
);
const header = fc.oneof(
  fc.tuple(anyText, anyText),
  fc.tuple(fc.constantFrom("Content-Length", "content-length", "Transfer-Encoding", "Host", "Connection", "Expect", "Upgrade"), fc.oneof(anyText, fc.constantFrom("0", "5", "-1", "chunked", "99999999999999999999", "100-continue", "websocket", "close"))),
  fc.nat({ max: 20_000 }).map((n) => ["X-Big", "b".repeat(n)] as [string, string]),
);
const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/);
const headerValue = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("0", "chunked", "close", "keep-alive", "localhost"));

/** Requests Node's parser accepts, so that the target and headers reach the bot's own handler. */
const wellFormed = fc
  .record({
    method: fc.constantFrom("GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"),
    target,
    version: fc.constantFrom("HTTP/1.1", "HTTP/1.0"),
    headers: fc.array(fc.oneof(fc.tuple(token, headerValue), header), { maxLength: 4 }),
    body: fc.oneof({ weight: 3, arbitrary: fc.constant("") }, { weight: 1, arbitrary: anyText }),
  })
  .map(({ method, target: t, version, headers, body }) => {
    const withLength = body ? [...headers, ["Content-Length", String(Buffer.byteLength(body, "latin1"))] as const] : headers;
    const lines = [`${method} ${t} ${version}`, "Host: 127.0.0.1", ...withLength.map(([name, value]) => `${name}: ${value}`)];
    return Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body}`, "latin1");
  });

/** Anything goes: broken methods, versions, line ends, header names and bodies. */
const mangled = fc
  .record({
    method: fc.oneof(fc.constantFrom(...METHODS), anyText),
    target,
    version: fc.oneof(fc.constantFrom(...VERSIONS), anyText),
    headers: fc.array(header, { maxLength: 6 }),
    lineEnd: fc.constantFrom("\r\n", "\n", "\r"),
    body: fc.oneof(fc.constant(""), anyText, fc.uint8Array({ maxLength: 4_096 }).map(bytesToLatin1)),
  })
  .map(({ method, target: t, version, headers, lineEnd, body }) =>
    Buffer.from(`${method} ${t} ${version}${lineEnd}${headers.map(([name, value]) => `${name}: ${value}${lineEnd}`).join("")}${lineEnd}${body}`, "latin1"),
  );

const request = fc.oneof({ weight: 4, arbitrary: wellFormed }, { weight: 2, arbitrary: mangled }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4_096 }) });

describe("random requests to the ops HTTP port (fast-check)", () => {
  it("every request gets an HTTP response or a clean close in time, and /healthz answers after each", async () => {
    let answered = 0;
    let closed = 0;
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(request, async (bytes) => {
        const outcome = await rawRequest(bytes);
        slowest = Math.max(slowest, outcome.ms);
        if (statusOf(outcome)) answered++;
        else closed++;
        expectAlive();
        // 503 only says the shared test database was slow to answer `select 1`: the port still serves.
        expect([200, 503]).toContain(await healthStatus());
      }),
      { numRuns: RUNS },
    );
    console.info(`ops HTTP fuzz: ${RUNS} requests, ${answered} answered, ${closed} closed without a response, slowest ${slowest} ms`);
  }, 60_000 + RUNS * 100);
});

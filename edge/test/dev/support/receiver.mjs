// A receiver for the outbound tests, in its own process (so that the test runner's pauses never
// bunch its arrival times): it answers each path by a plan (e.g. 503, 503, then 200; a 429 with
// Retry-After; a request left hanging) and logs every request with its arrival time.
//   node receiver.mjs <port>       then: POST /__plan {path, answers: [{status, headers?, hang?}], then?: {status}}
//                                        GET /__log?path=/x → [{at, path, status, headers, body}]
import { createServer } from "node:http";

const plans = new Map();
const log = [];
const hanging = [];

const server = createServer((request, response) => {
  const at = performance.timeOrigin + performance.now();
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const url = new URL(request.url, "http://receiver");
    const body = Buffer.concat(chunks).toString("utf8");
    if (url.pathname === "/__plan") {
      const plan = JSON.parse(body);
      plans.set(plan.path, { answers: plan.answers ?? [], then: plan.then ?? { status: 200 } });
      return response.end("{}");
    }
    if (url.pathname === "/__log") {
      const path = url.searchParams.get("path");
      response.setHeader("content-type", "application/json");
      return response.end(JSON.stringify(log.filter((entry) => !path || entry.path === path)));
    }
    const plan = plans.get(url.pathname) ?? { answers: [], then: { status: 200 } };
    const answer = plan.answers.shift() ?? plan.then;
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith("x-edgewise-") || name === "content-type"));
    log.push({ at, path: url.pathname, status: answer.hang ? null : answer.status, headers, body });
    if (answer.hang) return hanging.push(response);
    response.writeHead(answer.status, { "content-type": "application/json", ...(answer.headers ?? {}) });
    response.end(answer.status < 300 ? '{"ok":true}' : '{"error":"planned failure"}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), "127.0.0.1", () => console.log("listening"));
process.on("SIGTERM", () => {
  for (const response of hanging) response.destroy();
  server.close(() => process.exit(0));
});

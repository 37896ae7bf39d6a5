// The benchmark's receiver: answers 200 at once and counts calls and forwarded events per path.
// GET /__counts → {"/hook": {"calls": n, "events": m, "ids": distinct delivery ids}}.
import { createServer } from "node:http";

const counts = new Map();
createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    if (request.url === "/__counts") return response.end(JSON.stringify(Object.fromEntries([...counts].map(([path, c]) => [path, { calls: c.calls, events: c.events, ids: c.ids.size }]))));
    const c = counts.get(request.url) ?? { calls: 0, events: 0, ids: new Set() };
    counts.set(request.url, c);
    c.calls++;
    c.ids.add(request.headers["x-edgewise-delivery"]);
    if (body.startsWith('{"events":')) c.events += JSON.parse(body).events.length;
    response.writeHead(200).end();
  });
}).listen(Number(process.argv[2]), "127.0.0.1", () => console.log("listening"));

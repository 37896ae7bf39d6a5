// An Edgewise webhook receiver: checks the signature, then handles each delivery id once.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const secret = process.env.WEBHOOK_SECRET; // the value of the Worker secret the catalog names
const seen = new Set(); // delivery ids handled (in production: a unique key in your database)

createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    const { "x-edgewise-delivery": id, "x-edgewise-timestamp": timestamp, "x-edgewise-signature": given = "" } = request.headers;
    const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300; // refuse replays of old calls
    if (!fresh || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return response.writeHead(401).end();
    if (!seen.has(id)) { seen.add(id); console.log(`${request.url} ${id} ${body}`); } // send the email, SMS, push… here
    response.writeHead(200).end(); // a repeat is answered 200 too: it was delivered before
  });
}).listen(Number(process.env.PORT ?? 8788), "127.0.0.1");

import http from 'node:http';
import { request, Agent } from 'undici';
const ua = new Agent({ connections: 16 });
import { spawn } from 'node:child_process';
// server in another process so its CPU is not counted
const srv = spawn(process.execPath, ['-e', `require('http').createServer((q,s)=>{let b='';q.on('data',d=>b+=d);q.on('end',()=>{s.setHeader('content-type','application/json');s.end(JSON.stringify({transactionId:'abc'}))})}).listen(39555,()=>console.log('up'))`]);
await new Promise(r => srv.stdout.once('data', r));
const url = 'http://127.0.0.1:39555/collection/debt/';
const body = JSON.stringify({ a: 'x'.repeat(600) });
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
async function run(label: string, n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 300; i++) await fn();
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => { for (let i = 0; i < n / 8; i++) await fn(); }));
  const c = process.cpuUsage(c0);
  console.log(label.padEnd(20), 'cpu µs/req', ((c.user + c.system) / n).toFixed(1), 'user', (c.user / n).toFixed(1));
}
await run('fetch', 10000, async () => { const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body, signal: AbortSignal.timeout(5000) }); await r.json(); });
await run('http.request', 10000, () => new Promise((resolve, reject) => {
  const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, timeout: 5000 }, (res) => { let b = ''; res.setEncoding('utf8'); res.on('data', (d) => b += d); res.on('end', () => resolve(JSON.parse(b))); });
  req.on('error', reject); req.end(body);
}));
await run('fetch', 10000, async () => { const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body, signal: AbortSignal.timeout(5000) }); await r.json(); });
await run('undici.request', 10000, async () => { const r = await request(url, { method: 'POST', dispatcher: ua, headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body, signal: AbortSignal.timeout(5000) }); await r.body.text(); });
await run('undici.request nosig', 10000, async () => { const r = await request(url, { method: 'POST', dispatcher: ua, headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body, headersTimeout: 5000, bodyTimeout: 5000 }); await r.body.text(); });
await run('http.request', 10000, () => new Promise((resolve, reject) => {
  const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, timeout: 5000 }, (res) => { let b = ''; res.setEncoding('utf8'); res.on('data', (d) => b += d); res.on('end', () => resolve(JSON.parse(b))); });
  req.on('error', reject); req.end(body);
}));
srv.kill(); process.exit(0);

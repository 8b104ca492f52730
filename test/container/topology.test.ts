import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startServe, storedMessages, type ChatReply, type ServeProcess } from '../scale/helpers/serve.js';
import { startBalancer, type Balancer } from './balancer.js';

const LOST_CONTEXT = /may have lost the earlier part of our conversation/;
/** The replicas as compose.yaml configures them, with 127.0.0.1 for the balancer's private network. */
const METRICS_TOKEN = 'topology-test-metrics-token';
const REPLICA_ENV = { TRUST_PROXY: 'loopback', METRICS_TOKEN };

async function chatThrough(balancer: Balancer, body: { sessionId?: string; text: string }) {
  const response = await fetch(`${balancer.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.headers.get('content-type')?.startsWith('application/json')) throw new Error(`the balancer answered ${response.status}: ${text}\n${balancer.log()}`);
  const json = JSON.parse(text) as { sessionId: string; replies: ChatReply[] };
  return { status: response.status, sessionId: json.sessionId, last: json.replies?.at(-1) };
}

function metricsOf(replica: ServeProcess): Promise<Response> {
  return fetch(`${replica.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
}

/** The turns a replica handled, from its own /metrics (the sum of updoc_turns_total). */
async function turnsHandled(replica: ServeProcess): Promise<number> {
  const text = await (await metricsOf(replica)).text();
  return [...text.matchAll(/^updoc_turns_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/** compose.yaml's topology as processes: two `updoc serve` on one Redis behind Caddy with container/Caddyfile. */
describe('two updoc serve replicas on one Redis behind the load balancer', () => {
  let redis: RedisServer;
  let replicas: [ServeProcess, ServeProcess];
  let balancer: Balancer;
  beforeAll(async () => {
    redis = await startRedisServer({ appendOnly: true });
    replicas = await Promise.all([startServe({ STORE_URL: redis.url, ...REPLICA_ENV }), startServe({ STORE_URL: redis.url, ...REPLICA_ENV })]);
    balancer = await startBalancer([replicas[0].url, replicas[1].url]);
  });
  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(replicas?.map((replica) => replica.kill('SIGTERM')) ?? []);
    await redis?.stop();
  });

  it('continues one conversation across both replicas: each takes one turn, and the second knows the first', async () => {
    const before = await Promise.all(replicas.map(turnsHandled));
    const first = await chatThrough(balancer, { text: 'what does 502 bad gateway mean' });
    expect(first.status).toBe(200);
    const second = await chatThrough(balancer, { sessionId: first.sessionId, text: "it's my own site" });
    expect(second.status).toBe(200);
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.last?.text).not.toMatch(LOST_CONTEXT);

    const after = await Promise.all(replicas.map(turnsHandled));
    expect(after.map((turns, i) => turns - before[i]!)).toEqual([1, 1]);
    for (const replica of replicas) expect(await storedMessages(replica, first.sessionId)).toHaveLength(4);
  });

  it('serves the widget and streams a turn as server-sent events through the balancer', async () => {
    const widget = await fetch(`${balancer.url}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    const stream = await fetch(`${balancer.url}/api/chat/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'what does 502 bad gateway mean' }),
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await stream.text()).toMatch(/^event: reply\n[\s\S]*^event: done\n/m);
  });

  it('keeps /metrics off the public port, even with the token, while each replica still serves it', async () => {
    expect((await fetch(`${balancer.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
    for (const replica of replicas) expect((await metricsOf(replica)).status).toBe(200);
  });

  it('carries on with the conversation on the other replica when one stops', async () => {
    const opened = await chatThrough(balancer, { text: 'what does 502 bad gateway mean' });
    await replicas[0].kill('SIGTERM');
    for (const text of ["it's my own site", 'it runs on nginx']) {
      const turn = await chatThrough(balancer, { sessionId: opened.sessionId, text });
      expect(turn.status).toBe(200);
      expect(turn.last?.text).not.toMatch(LOST_CONTEXT);
    }
    expect(await storedMessages(replicas[1], opened.sessionId)).toHaveLength(6);
  });
});

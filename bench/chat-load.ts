/**
 * `POST /api/chat` under load with autocannon, questions rotating, every response time kept (its own
 * summary has p97.5 but no p95), also per HTTP status (answers and 503 OVERLOADED apart). Shared by
 * `bench:server` and `bench:scale`. `probeHealth` times `GET /health` from a worker thread meanwhile,
 * so its figures are not delayed by the load generator's own event loop.
 */
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';

export interface ChatLoad {
  result: autocannon.Result;
  /** Response times in ms, sorted. */
  latencies: number[];
  /** Response times in ms by HTTP status, sorted. */
  byStatus: Map<number, number[]>;
  /** The p-th percentile of the response times. */
  pct(p: number): number;
}

export interface ChatLoadOptions {
  /** Seconds before autocannon gives up on a response and counts a timeout (its default, 10). */
  timeoutSeconds?: number;
}

/** The p-th percentile of sorted `values` (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

export async function chatLoad(url: string, questions: readonly string[], connections: number, duration: number, options: ChatLoadOptions = {}): Promise<ChatLoad> {
  let i = 0;
  const latencies: number[] = [];
  const byStatus = new Map<number, number[]>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/api/chat`,
        connections,
        duration,
        timeout: options.timeoutSeconds ?? 10,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: questions[i++ % questions.length] }) }),
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      let list = byStatus.get(status);
      if (!list) byStatus.set(status, (list = []));
      list.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  for (const list of byStatus.values()) list.sort((a, b) => a - b);
  return { result, latencies, byStatus, pct: (p) => percentile(latencies, p) };
}

/** A running `/health` probe; `stop()` resolves to every latency (ms, sorted) and the failures. */
export interface HealthProbe {
  stop(): Promise<{ latencies: number[]; failures: number }>;
}

/** Requests `/health` every `intervalMs` from a worker thread until stopped. */
export function probeHealth(url: string, intervalMs = 10): HealthProbe {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     let running = true;
     const latencies = [];
     let failures = 0;
     parentPort.on('message', () => (running = false));
     (async () => {
       while (running) {
         const t = performance.now();
         try {
           const res = await fetch(workerData.url + '/health', { signal: AbortSignal.timeout(10000) });
           await res.arrayBuffer();
           if (res.status !== 200) failures++;
           latencies.push(performance.now() - t);
         } catch {
           failures++;
         }
         await new Promise((r) => setTimeout(r, workerData.intervalMs));
       }
       parentPort.postMessage({ latencies, failures });
     })();`,
    { eval: true, workerData: { url, intervalMs } },
  );
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('message', (m: { latencies: number[]; failures: number }) => {
          void worker.terminate();
          resolve({ latencies: m.latencies.sort((a, b) => a - b), failures: m.failures });
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

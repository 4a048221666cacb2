/**
 * `POST /api/chat` under load with autocannon, questions rotating, every response time kept (its own
 * summary has p97.5 but no p95). Shared by `bench:server` and `bench:scale`.
 */
import autocannon from 'autocannon';

export interface ChatLoad {
  result: autocannon.Result;
  /** Response times in ms, sorted. */
  latencies: number[];
  /** The p-th percentile of the response times. */
  pct(p: number): number;
}

export async function chatLoad(url: string, questions: readonly string[], connections: number, duration: number): Promise<ChatLoad> {
  let i = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/api/chat`,
        connections,
        duration,
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
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! : NaN);
  return { result, latencies, pct };
}

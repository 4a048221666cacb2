/**
 * `npm run -s mcp`: the MCP tools (src/mcp/tools.ts) over stdio, for MCP clients that start the server
 * themselves (Claude Desktop, IDEs). stdout is the protocol channel, so everything else (index build
 * progress, logs, warnings) goes to stderr; console.log/info are pointed there too so a stray line from a
 * dependency cannot corrupt the stream. The client is answered at once (initialize, tools/list) while
 * the index is prepared as `npm run ask` does it, building when missing or stale; tool calls wait for
 * it. The process ends when the client closes stdin (or signals it).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfig } from '../config.js';
import { openEngine } from '../engine.js';
import { createMcpServer } from '../mcp/tools.js';
import { parseCommand } from './args.js';
import { SPECS } from './commands.js';
import { createProgress } from './progress.js';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(SPECS.mcp, args);
  if (!parsed) return 0;
  const toStderr = (...items: unknown[]) => process.stderr.write(`${items.map((x) => (typeof x === 'string' ? x : String(x))).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const config = loadConfig();
  const progress = createProgress();
  const opening = openEngine(config, { onProgress: progress.update, log }).finally(() => progress.stop());
  opening.then(
    (e) => log(`年报问答 MCP 就绪 (nianbao MCP ready): ${e.index.summaries.length} 份报告 (reports)`),
    (e: Error) => log(`错误 (error): ${e.message}`),
  );

  const server = createMcpServer({ config, engine: () => opening, log });
  const closed = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await server.connect(new StdioServerTransport());
  log('年报问答 MCP 服务已在标准输入输出上启动 (nianbao MCP server on stdio)');
  await closed;
  await server.close();
  // A build still running finishes (the next start then opens at once; a client's SIGTERM ends it sooner).
  const engine = await opening.catch(() => null);
  engine?.index.close();
  return 0;
}

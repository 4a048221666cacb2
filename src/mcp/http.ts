/**
 * The MCP tools over Streamable HTTP at `/mcp`, stateless: every POST gets a new McpServer and a
 * web-standard transport (Hono hands it `c.req.raw` and returns its Response), answered as one JSON
 * body, then both are closed. No session is kept, so any worker of a cluster can answer any request;
 * GET (a server-initiated stream) and DELETE (ending a session) have nothing to serve and are 405.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import type { Config } from '../config.js';
import type { LoadShedder } from '../server/load-shed.js';
import { MAX_CHAT_BYTES } from '../server/routes/api.js';
import { requireEngine, type EngineHolder } from '../server/state.js';
import { createMcpServer } from './tools.js';

export interface McpRouteDeps {
  /** The server's answering slots; search and ask wait for one like /api/chat does. */
  load?: LoadShedder;
  log?: (line: string) => void;
}

/** The `/mcp` routes; mount with `app.route('/mcp', createMcpRoutes(config, holder, { load }))`. */
export function createMcpRoutes(config: Config, holder: EngineHolder, deps: McpRouteDeps = {}): Hono {
  const routes = new Hono();
  routes.post('/', async (c) => {
    const { load } = deps;
    const server = createMcpServer({
      config,
      // Not ready yet → the tool answers INDEX_NOT_READY with the build's progress, as the API does.
      engine: async () => requireEngine(holder),
      ...(load ? { acquire: () => load.acquire({ signal: c.req.raw.signal }) } : {}),
      log: deps.log,
    });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: MAX_CHAT_BYTES });
    try {
      await server.connect(transport);
      return await transport.handleRequest(c.req.raw);
    } finally {
      // With JSON responses the body is complete once handleRequest resolves.
      await server.close();
    }
  });
  routes.on(['GET', 'DELETE'], '/', (c) =>
    c.json({ jsonrpc: '2.0', error: { code: -32000, message: '此服务无会话，只接受 POST (stateless server: only POST is supported)' }, id: null }, 405, { Allow: 'POST' }),
  );
  return routes;
}

// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The official MCP TypeScript SDK against the mock server's mcp preset:
//   node mcp.mjs MODE URL
// MODE: session (connect, list and call the tools, progress from slow_count, a resource, a
// prompt, the GET stream's log notifications, then DELETE and a request on the ended session),
// call (connect and one slow_count call: what a fault on its stream leaves the SDK).
// Prints one JSON line of what the SDK read, or {"error": {...}} and exits 2 when it threw.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const [mode, url] = process.argv.slice(2);

function textOf(result) {
  return result.content.filter((c) => c.type === 'text').map((c) => c.text).join('');
}

async function run() {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    // One reconnect at most, quickly: a test sees what the server offers to resume.
    reconnectionOptions: { initialReconnectionDelay: 50, maxReconnectionDelay: 200,
      reconnectionDelayGrowFactor: 1, maxRetries: 2 },
  });
  const client = new Client({ name: 'ssemon-interop', version: '1.0.0' });
  const logs = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params));
  await client.connect(transport);
  const out = {
    sessionId: transport.sessionId,
    protocolVersion: transport.protocolVersion,
    server: client.getServerVersion(),
    capabilities: Object.keys(client.getServerCapabilities() ?? {}).sort(),
  };
  const progress = [];
  const count = async () => textOf(await client.callTool(
    { name: 'slow_count', arguments: { n: 3, interval_ms: 20 } }, undefined,
    { onprogress: (p) => progress.push([p.progress, p.total]), timeout: 20000 }));
  if (mode === 'call') {
    out.count = await count();
    out.progress = progress;
    await client.close();
    return out;
  }
  out.tools = (await client.listTools()).tools.map((t) => t.name);
  out.echo = textOf(await client.callTool({ name: 'echo', arguments: { text: 'héllo "mcp"' } }));
  out.add = textOf(await client.callTool({ name: 'add', arguments: { a: 2, b: 40.5 } }));
  const bad = await client.callTool({ name: 'add', arguments: { a: 'x', b: 1 } });
  out.addBad = { isError: bad.isError, text: textOf(bad) };
  try {
    await client.callTool({ name: 'nope', arguments: {} });
    out.unknownTool = null;
  } catch (error) {
    out.unknownTool = { code: error.code ?? null, message: String(error.message) };
  }
  out.count = await count();
  out.progress = progress;
  out.resources = (await client.listResources()).resources.map((r) => r.uri);
  out.greeting = (await client.readResource({ uri: 'ssemon://greeting' })).contents[0].text;
  const prompt = await client.getPrompt({ name: 'summarize', arguments: { text: 'SSE' } });
  out.prompt = prompt.messages[0].content.text;
  // The GET stream the SDK opened after initialize brings the server's log notifications.
  const deadline = Date.now() + 10000;
  while (logs.length < 2 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  out.logs = logs.slice(0, 2).map((l) => ({ level: l.level, logger: l.logger, n: l.data?.n }));
  await transport.terminateSession();
  out.sessionAfterDelete = transport.sessionId ?? null;
  // A raw request on the ended session: the server must say 404.
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream',
      'mcp-session-id': out.sessionId, 'mcp-protocol-version': out.protocolVersion },
    body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'ping' }),
  });
  out.endedStatus = response.status;
  await client.close();
  return out;
}

try {
  console.log(JSON.stringify(await run()));
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({
    error: { name: error?.constructor?.name, code: error?.code ?? null, message: String(error?.message) },
  }));
  process.exit(2);
}

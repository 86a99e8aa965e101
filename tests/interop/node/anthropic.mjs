// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The official Anthropic SDK against the mock server's anthropic preset:
//   node anthropic.mjs MODE BASE_URL
// MODE: stream (messages.create with stream: true, the text deltas joined), helper
// (messages.stream(), finalText() and finalMessage()), whole (stream: false).
// Prints one JSON line: {"text", "finish", "usage"}, or {"error": {...}} and exits 2 when the
// SDK threw. Retries are off: the test sees what one request gets.
import Anthropic from '@anthropic-ai/sdk';

const [mode, baseURL] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey: 'sk-ant-ssemon-mock', maxRetries: 0, timeout: 20000 });
const request = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Say hello from the mock.' }],
};

async function run() {
  switch (mode) {
    case 'stream': {
      const stream = await client.messages.create({ ...request, stream: true });
      let text = '';
      let finish = null;
      let usage = {};
      for await (const event of stream) {
        if (event.type === 'message_start')
          usage = { ...event.message.usage };
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
          text += event.delta.text;
        if (event.type === 'message_delta') {
          finish = event.delta.stop_reason;
          usage.output_tokens = event.usage.output_tokens;
        }
      }
      return { text, finish, usage: { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens } };
    }
    case 'helper': {
      const stream = client.messages.stream(request);
      const text = await stream.finalText();
      const message = await stream.finalMessage();
      return {
        text,
        finish: message.stop_reason,
        usage: { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens },
      };
    }
    case 'whole': {
      const message = await client.messages.create(request);
      return {
        text: message.content.map((block) => block.text).join(''),
        finish: message.stop_reason,
        usage: { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens },
      };
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

try {
  console.log(JSON.stringify(await run()));
} catch (error) {
  console.log(JSON.stringify({
    error: {
      name: error?.constructor?.name, status: error?.status ?? null, message: String(error?.message),
      type: error?.error?.error?.type ?? null,
      retryAfter: error?.headers?.get?.('retry-after') ?? null,
    },
  }));
  process.exit(2);
}

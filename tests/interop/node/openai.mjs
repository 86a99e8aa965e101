// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The official OpenAI SDK against the mock server's openai-chat or openai-responses preset:
//   node openai.mjs MODE BASE_URL
// MODE: chat-stream (create with stream: true, the deltas joined), chat-helper
// (chat.completions.stream(), its own accumulation), chat-whole (stream: false),
// responses-stream, responses-helper (responses.stream(), finalResponse()), responses-whole.
// Prints one JSON line: {"text", "finish", "usage", "requestId"}, or {"error": {...}} and
// exits 2 when the SDK threw. Retries are off: the test sees what one request gets.
import OpenAI from 'openai';

const [mode, baseURL] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'sk-ssemon-mock', maxRetries: 0, timeout: 20000 });
const messages = [{ role: 'user', content: 'Say hello from the mock.' }];
const model = 'gpt-4o-mini';

async function run() {
  switch (mode) {
    case 'chat-stream': {
      const stream = await client.chat.completions.create({
        model, messages, stream: true, stream_options: { include_usage: true },
      });
      let text = '';
      let finish = null;
      let usage = null;
      for await (const chunk of stream) {
        for (const choice of chunk.choices) {
          text += choice.delta?.content ?? '';
          finish = choice.finish_reason ?? finish;
        }
        usage = chunk.usage ?? usage;
      }
      return { text, finish, usage };
    }
    case 'chat-helper': {
      const stream = client.chat.completions.stream({
        model, messages, stream_options: { include_usage: true },
      });
      const completion = await stream.finalChatCompletion();
      return {
        text: await stream.finalContent(),
        finish: completion.choices[0].finish_reason,
        usage: completion.usage,
      };
    }
    case 'chat-whole': {
      const { data, request_id } = await client.chat.completions
        .create({ model, messages })
        .withResponse();
      return {
        text: data.choices[0].message.content,
        finish: data.choices[0].finish_reason,
        usage: data.usage,
        requestId: request_id,
      };
    }
    case 'responses-stream': {
      const stream = await client.responses.create({
        model, input: 'Say hello from the mock.', stream: true,
      });
      let text = '';
      let finish = null;
      let usage = null;
      let last = -1;
      for await (const event of stream) {
        if (event.sequence_number !== last + 1)
          throw new Error(`sequence_number ${event.sequence_number} after ${last}`);
        last = event.sequence_number;
        if (event.type === 'response.output_text.delta')
          text += event.delta;
        if (event.type === 'response.completed' || event.type === 'response.incomplete') {
          finish = event.response.status;
          usage = event.response.usage;
        }
      }
      return { text, finish, usage };
    }
    case 'responses-helper': {
      const stream = client.responses.stream({ model, input: 'Say hello from the mock.' });
      const response = await stream.finalResponse();
      return { text: response.output_text, finish: response.status, usage: response.usage };
    }
    case 'responses-whole': {
      const response = await client.responses.create({ model, input: 'Say hello from the mock.' });
      return { text: response.output_text, finish: response.status, usage: response.usage };
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
      retryAfter: error?.headers?.get?.('retry-after') ?? null,
    },
  }));
  process.exit(2);
}

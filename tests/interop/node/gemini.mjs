// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Google's Gen AI SDK against the mock server's gemini preset:
//   node gemini.mjs MODE BASE_URL
// MODE: stream (generateContentStream, the chunks' text joined), whole (generateContent).
// Prints one JSON line: {"text", "finish", "usage"}, or {"error": {...}} and exits 2.
import { GoogleGenAI } from '@google/genai';

const [mode, baseUrl] = process.argv.slice(2);
const ai = new GoogleGenAI({ apiKey: 'ssemon-mock-key', httpOptions: { baseUrl, timeout: 20000 } });
const request = { model: 'gemini-2.5-flash', contents: 'Say hello from the mock.' };

async function run() {
  switch (mode) {
    case 'stream': {
      let text = '';
      let finish = null;
      let usage = null;
      for await (const chunk of await ai.models.generateContentStream(request)) {
        text += chunk.text ?? '';
        finish = chunk.candidates?.[0]?.finishReason ?? finish;
        usage = chunk.usageMetadata ?? usage;
      }
      return {
        text, finish,
        usage: { input_tokens: usage?.promptTokenCount, output_tokens: usage?.candidatesTokenCount },
      };
    }
    case 'whole': {
      const response = await ai.models.generateContent(request);
      return {
        text: response.text,
        finish: response.candidates?.[0]?.finishReason,
        usage: {
          input_tokens: response.usageMetadata?.promptTokenCount,
          output_tokens: response.usageMetadata?.candidatesTokenCount,
        },
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
    error: { name: error?.constructor?.name, status: error?.status ?? null, message: String(error?.message) },
  }));
  process.exit(2);
}

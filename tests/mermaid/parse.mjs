// Parse Mermaid diagrams with the real Mermaid parser, many in one process (node start-up and
// loading Mermaid cost about a second; a diagram costs milliseconds).
// stdin: a JSON list of diagram texts. stdout: a JSON list, null for each diagram Mermaid
// accepts, else its error message. Mermaid's sanitiser needs a DOM, which jsdom provides.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    await mermaid.parse(text);
    results.push(null);
  } catch (error) {
    results.push(String(error?.message ?? error));
  }
}
process.stdout.write(JSON.stringify(results));

// Fill in an XForm with ODK's own XForms engine (the one inside ODK Web Forms) and report which
// fields it shows, many answer sets in one process (loading the engine costs about a second).
// stdin: {"xform": XML, "cases": [[[name, value], ...], ...]}: each case a list of steps, each
// step setting one field (a select_multiple's value: its choices separated by spaces; null clears).
// stdout: a JSON list, for each case the names of the fields that are relevant after its steps.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
for (const name of ["window", "document", "DOMParser", "Node", "Element", "XMLSerializer", "NodeFilter", "Document"]) {
  globalThis[name] = name === "window" ? dom.window : dom.window[name];
}
globalThis.__dirname = new URL(".", import.meta.url).pathname; // read by the engine's bundled parser
const { createInstance } = await import("@getodk/xforms-engine");

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { xform, cases } = JSON.parse(input);

function leaves(node, found = new Map()) {
  const children = node.currentState.children;
  if (children == null || children.length === 0) {
    found.set(node.currentState.reference.split("/").pop(), node);
  } else {
    for (const child of children) leaves(child, found);
  }
  return found;
}

function set(node, value) {
  if (node.nodeType === "select") {
    if (node.selectType === "select") node.selectValues(value ? value.split(" ") : []);
    else node.selectValue(value);
  } else {
    node.setValue(value ?? "");
  }
}

const results = [];
for (const steps of cases) {
  const { root } = await createInstance(xform);
  const fields = leaves(root);
  for (const [name, value] of steps) set(fields.get(name), value);
  results.push([...leaves(root).entries()].filter(([, node]) => node.currentState.relevant).map(([name]) => name));
}
process.stdout.write(JSON.stringify(results));

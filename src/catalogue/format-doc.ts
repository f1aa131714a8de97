import { z } from "zod";
import { roadmapFileSchema } from "./schema.ts";

/** The JSON Schema subset zod emits for the roadmap file. */
interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  anyOf?: JsonSchema[];
}

interface ObjectDoc {
  readonly name: string;
  /** Where it sits in the file, e.g. `stages[].sections[]`. */
  readonly path: string;
  readonly output: JsonSchema;
  readonly input: JsonSchema;
}

const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

function typeOf(schema: JsonSchema, objectName: string): string {
  if (schema.type === "array") {
    const items = schema.items ?? {};
    return items.type === "object" ? `list of ${objectName}` : `list of ${typeOf(items, objectName)}s`;
  }
  if (schema.type === "object") return objectName;
  if (schema.type === "integer") return "whole number";
  if (schema.format === "uri") return "URL";
  return schema.type ?? "any";
}

function rulesOf(schema: JsonSchema): string[] {
  const rules: string[] = [];
  if (schema.minLength !== undefined && schema.minLength > 0) rules.push(schema.minLength === 1 ? "not empty" : `at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) rules.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined) rules.push(`at least ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < SAFE_INTEGER) rules.push(`at most ${schema.maximum}`);
  if (schema.minItems !== undefined && schema.minItems > 0) rules.push(`at least ${schema.minItems}`);
  if (schema.maxItems !== undefined) rules.push(`at most ${schema.maxItems}`);
  if (schema.pattern !== undefined) rules.push(`matches \`${schema.pattern}\``);
  if (schema.type === "array" && schema.items && schema.items.type !== "object") rules.push(...rulesOf(schema.items).map((rule) => `each ${rule}`));
  return rules;
}

function singular(key: string): string {
  const name = key.charAt(0).toUpperCase() + key.slice(1);
  return name.endsWith("ies") ? `${name.slice(0, -3)}y` : name.endsWith("s") ? name.slice(0, -1) : name;
}

/** Every object type of the file, outermost first, with where it sits. */
function objectsOf(output: JsonSchema, input: JsonSchema): ObjectDoc[] {
  const found: ObjectDoc[] = [{ name: "Roadmap", path: "(the file)", output, input }];
  const visit = (out: JsonSchema, inp: JsonSchema, path: string, parent: string) => {
    for (const [key, child] of Object.entries(out.properties ?? {})) {
      const childInput = inp.properties?.[key] ?? child;
      const isList = child.type === "array";
      const element = isList ? child.items : child;
      const elementInput = isList ? childInput.items : childInput;
      if (element?.type !== "object" || !elementInput) continue;
      const childPath = `${path}${path ? "." : ""}${key}${isList ? "[]" : ""}`;
      // Two kinds of object under one key (a roadmap's source, an item's source) get their parent's name.
      const name = found.some((doc) => doc.name === singular(key)) ? `${parent} ${key}` : singular(key);
      found.push({ name, path: childPath, output: element, input: elementInput });
      visit(element, elementInput, childPath, name);
    }
  };
  visit(output, input, "", "Roadmap");
  return found;
}

function tableOf(doc: ObjectDoc, all: readonly ObjectDoc[]): string {
  const prefix = doc.path === "(the file)" ? "" : `${doc.path}.`;
  const childName = (key: string) => all.find((other) => other.path === `${prefix}${key}` || other.path === `${prefix}${key}[]`)?.name ?? singular(key);
  const required = new Set(doc.input.required ?? []);
  const rows = Object.entries(doc.output.properties ?? {}).map(([key, schema]) => {
    const meaning = schema.description ?? (doc.input.properties?.[key]?.description ?? "");
    const defaulted = doc.input.properties?.[key]?.default;
    const need = required.has(key) ? "required" : defaulted !== undefined ? `optional (default \`${JSON.stringify(defaulted)}\`)` : "optional";
    return `| \`${key}\` | ${typeOf(schema, childName(key))} | ${need} | ${rulesOf(schema).join("; ")} | ${meaning} |`;
  });
  return ["| Field | Type | | Rules | Meaning |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

/** `docs/roadmap-format.md`'s reference part, made from the schema the loader validates with. */
export function roadmapFormatReference(): string {
  const output = z.toJSONSchema(roadmapFileSchema, { io: "output", unrepresentable: "any" }) as JsonSchema;
  const input = z.toJSONSchema(roadmapFileSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const objects = objectsOf(output, input);
  return objects
    .map((doc) => [`### ${doc.name}`, "", `Where: \`${doc.path}\`.${doc.output.description ? ` ${doc.output.description}` : ""}`, "", tableOf(doc, objects)].join("\n"))
    .join("\n\n");
}

const START = "<!-- reference: generated from src/catalogue/schema.ts by `npm run docs:roadmap-format`; edit the schema, not this part -->";
const END = "<!-- end of reference -->";

/** The document with its generated part replaced by what the schema says now. */
export function roadmapFormatDocument(current: string): string {
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/roadmap-format.md has lost its markers:\n${START}\n${END}`);
  return `${current.slice(0, start)}${START}\n\n${roadmapFormatReference()}\n\n${current.slice(end)}`;
}

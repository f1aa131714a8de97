import { readFileSync } from "node:fs";
import Ajv2020Module from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { issue, type BodyIssue } from "./issues.ts";
import { patchSpecSchemas } from "./spec-patches.ts";

// Both packages are CommonJS with `exports.default`; under NodeNext the default import is module.exports.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
type Ajv = InstanceType<typeof Ajv2020>;

type SchemaObject = Record<string, unknown>;

/** The id under which the spec's `components` are registered with Ajv. */
const SPEC_ID = "discord-openapi";
const HTTP_METHODS = ["get", "put", "post", "patch", "delete"] as const;

export interface SpecOperation {
  method: string;
  /** The spec's path template, e.g. `/channels/{channel_id}/messages`. */
  template: string;
  segments: string[];
  /** The `application/json` request body schema, if the operation takes a body. */
  jsonBodySchema: SchemaObject | undefined;
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep copy in which local refs point into the registered spec, so the copy compiles on its own. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!isObject(node)) return node;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#") ? `${SPEC_ID}${value}` : rebase(value);
  }
  return out;
}

/**
 * Discord's OpenAPI document, compiled lazily per operation with Ajv (draft 2020-12).
 * When a body fails, the failure is re-explained against a copy of the schema in which every
 * union is narrowed to the one variant the body was aiming at (by its `type` discriminator, or
 * the closest match), so the report names the real problem instead of every variant's mismatch.
 */
export class OpenApiSchemas {
  readonly #ajv: Ajv;
  readonly #root: SchemaObject;
  readonly #operations: SpecOperation[];
  readonly #operationValidators = new Map<SpecOperation, ValidateFunction>();
  readonly #variantValidators = new WeakMap<object, ValidateFunction>();

  static load(specPath: string): OpenApiSchemas {
    return new OpenApiSchemas(JSON.parse(readFileSync(specPath, "utf8")) as unknown);
  }

  constructor(spec: unknown) {
    if (!isObject(spec) || !isObject(spec.paths) || !isObject(spec.components)) {
      throw new Error("not an OpenAPI document: expected `paths` and `components`");
    }
    const components = structuredClone(spec.components);
    patchSpecSchemas(components);
    this.#root = { components };
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true, validateSchema: false });
    addFormats(this.#ajv);
    this.#ajv.addFormat("snowflake", /^(0|[1-9][0-9]*)$/);
    // Any string or integer the schema's own type/maxLength accept is a valid nonce.
    this.#ajv.addFormat("nonce", true);
    this.#ajv.addSchema({ $id: SPEC_ID, components }, SPEC_ID);
    this.#operations = this.#readOperations(spec.paths);
  }

  /** The operation whose path template matches `path` (no `/api/v10` prefix); literal segments win over parameters. */
  findOperation(method: string, path: string): SpecOperation | undefined {
    const segments = path.split("/").filter(Boolean);
    let best: SpecOperation | undefined;
    let bestLiterals = -1;
    for (const operation of this.#operations) {
      if (operation.method !== method.toLowerCase() || operation.segments.length !== segments.length) continue;
      let literals = 0;
      const matches = operation.segments.every((templateSegment, index) => {
        if (templateSegment.startsWith("{")) return true;
        literals += 1;
        return templateSegment === segments[index];
      });
      if (matches && literals > bestLiterals) {
        best = operation;
        bestLiterals = literals;
      }
    }
    return best;
  }

  validateBody(operation: SpecOperation, body: unknown): BodyIssue[] {
    if (operation.jsonBodySchema === undefined) return [];
    let validate = this.#operationValidators.get(operation);
    if (validate === undefined) {
      validate = this.#ajv.compile(rebase(operation.jsonBodySchema) as SchemaObject);
      this.#operationValidators.set(operation, validate);
    }
    if (validate(body)) return [];
    return this.#explain(operation.jsonBodySchema, body) ?? toIssues(validate.errors ?? []);
  }

  #readOperations(paths: SchemaObject): SpecOperation[] {
    const operations: SpecOperation[] = [];
    for (const [template, pathItem] of Object.entries(paths)) {
      if (!isObject(pathItem)) continue;
      for (const method of HTTP_METHODS) {
        const operation = pathItem[method];
        if (!isObject(operation)) continue;
        const content = isObject(operation.requestBody) ? operation.requestBody.content : undefined;
        const json = isObject(content) ? content["application/json"] : undefined;
        const schema = isObject(json) && isObject(json.schema) ? structuredClone(json.schema) : undefined;
        if (schema !== undefined) patchSpecSchemas(schema);
        operations.push({ method, template, segments: template.split("/").filter(Boolean), jsonBodySchema: schema });
      }
    }
    return operations;
  }

  #explain(schema: SchemaObject, body: unknown): BodyIssue[] | undefined {
    const narrowed = this.#narrow(schema, body) as SchemaObject;
    const validate = this.#ajv.compile(narrowed);
    this.#ajv.removeSchema(narrowed);
    if (validate(body)) return undefined;
    const issues = toIssues(validate.errors ?? []);
    return issues.length > 0 ? issues : undefined;
  }

  #resolve(ref: string): unknown {
    if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
    let node: unknown = this.#root;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
      node = isObject(node) ? node[key] : undefined;
    }
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return node;
  }

  #deref(node: unknown): unknown {
    let current = node;
    for (let hops = 0; isObject(current) && typeof current.$ref === "string" && hops < 32; hops += 1) {
      current = this.#resolve(current.$ref);
    }
    return current;
  }

  /** A copy of `node` specialised to `value`: unions along the value's paths keep one variant. */
  #narrow(node: unknown, value: unknown): unknown {
    if (!isObject(node)) return node;
    if (typeof node.$ref === "string") {
      const { $ref, ...siblings } = node;
      const target = this.#narrow(this.#resolve($ref), value);
      if (Object.keys(siblings).length === 0) return target;
      const narrowedSiblings = this.#narrow(siblings, value) as SchemaObject;
      const siblingAllOf = Array.isArray(narrowedSiblings.allOf) ? narrowedSiblings.allOf : [];
      return { ...narrowedSiblings, allOf: [...siblingAllOf, target] };
    }
    const out: SchemaObject = {};
    const allOf: unknown[] = [];
    for (const [key, sub] of Object.entries(node)) {
      if ((key === "anyOf" || key === "oneOf") && Array.isArray(sub)) {
        allOf.push(this.#narrow(this.#pickVariant(sub, value), value));
      } else if (key === "allOf" && Array.isArray(sub)) {
        allOf.push(...sub.map((part) => this.#narrow(part, value)));
      } else if (key === "properties" && isObject(sub) && isObject(value)) {
        out.properties = Object.fromEntries(
          Object.entries(sub).map(([name, propertySchema]) => [
            name,
            name in value ? this.#narrow(propertySchema, value[name]) : rebase(propertySchema),
          ]),
        );
      } else if (key === "items" && isObject(sub) && Array.isArray(value)) {
        out.prefixItems = value.map((element) => this.#narrow(sub, element));
        out.items = rebase(sub);
      } else {
        out[key] = rebase(sub);
      }
    }
    if (allOf.length > 0) out.allOf = allOf;
    return out;
  }

  #pickVariant(variants: unknown[], value: unknown): unknown {
    const allowsNull = (variant: unknown): boolean => {
      const resolved = this.#deref(variant);
      if (!isObject(resolved)) return resolved === true;
      const type = resolved.type;
      return type === "null" || (Array.isArray(type) && type.includes("null"));
    };
    const onlyNull = (variant: unknown): boolean => {
      const resolved = this.#deref(variant);
      return isObject(resolved) && resolved.type === "null";
    };
    let candidates = value === null ? variants.filter(allowsNull) : variants.filter((variant) => !onlyNull(variant));
    if (candidates.length === 0) candidates = variants;
    if (isObject(value) && "type" in value) {
      const tagged = candidates.filter((variant) => this.#discriminatorAccepts(variant, value.type));
      if (tagged.length > 0) candidates = tagged;
    }
    if (candidates.length === 1) return candidates[0];
    let best: unknown = candidates[0];
    let fewestErrors = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
      const validate = this.#variantValidator(candidate);
      if (validate(value)) return candidate;
      const errorCount = validate.errors?.length ?? 0;
      if (errorCount < fewestErrors) {
        best = candidate;
        fewestErrors = errorCount;
      }
    }
    return best;
  }

  #discriminatorAccepts(variant: unknown, tag: unknown): boolean {
    const resolved = this.#deref(variant);
    if (!isObject(resolved) || !isObject(resolved.properties)) return false;
    const typeSchema = resolved.properties.type;
    if (!isObject(typeSchema)) return false;
    if ("const" in typeSchema) return typeSchema.const === tag;
    return Array.isArray(typeSchema.enum) && typeSchema.enum.includes(tag);
  }

  #variantValidator(variant: unknown): ValidateFunction {
    const key = isObject(variant) ? variant : { const: variant };
    let validate = this.#variantValidators.get(key);
    if (validate === undefined) {
      validate = this.#ajv.compile(rebase(variant) as SchemaObject);
      this.#variantValidators.set(key, validate);
    }
    return validate;
  }
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return `got ${value.length} characters`;
  if (Array.isArray(value)) return `got ${value.length} items`;
  return `got ${JSON.stringify(value)}`;
}

function toIssue(error: ErrorObject): BodyIssue {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return issue([...path, String(params.missingProperty)], "BASE_TYPE_REQUIRED", "This field is required");
    case "maxLength":
    case "maxItems":
      return issue(path, "BASE_TYPE_MAX_LENGTH", `Must be ${String(params.limit)} or fewer in length (${describeValue(error.data)}).`);
    case "minLength":
    case "minItems":
      return issue(path, "BASE_TYPE_MIN_LENGTH", `Must be ${String(params.limit)} or more in length (${describeValue(error.data)}).`);
    case "maximum":
      return issue(path, "NUMBER_TYPE_MAX", `Must be less than or equal to ${String(params.limit)} (${describeValue(error.data)}).`);
    case "minimum":
      return issue(path, "NUMBER_TYPE_MIN", `Must be greater than or equal to ${String(params.limit)} (${describeValue(error.data)}).`);
    case "enum":
      return issue(path, "BASE_TYPE_CHOICES", `Value must be one of ${JSON.stringify(params.allowedValues)} (${describeValue(error.data)}).`);
    case "const":
      return issue(path, "BASE_TYPE_CHOICES", `Value must be ${JSON.stringify(params.allowedValue)} (${describeValue(error.data)}).`);
    case "type":
      return issue(path, "BASE_TYPE_BAD_TYPE", `Must be of type ${JSON.stringify(params.type)} (${describeValue(error.data)}).`);
    default:
      return issue(path, `SCHEMA_${error.keyword.toUpperCase()}`, error.message ?? "is invalid");
  }
}

function toIssues(errors: readonly ErrorObject[]): BodyIssue[] {
  const seen = new Set<string>();
  const issues: BodyIssue[] = [];
  for (const error of errors) {
    // Union summaries ("must match a schema in anyOf") repeat what the variant errors already say.
    if (error.keyword === "anyOf" || error.keyword === "oneOf") continue;
    const found = toIssue(error);
    const key = `${found.path.join("/")}|${found.code}|${found.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(found);
  }
  return issues;
}

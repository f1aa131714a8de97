/**
 * Adjustments to Discord's OpenAPI document so that requests Discord really accepts (and that
 * discord.js really sends) validate. Each patch says which accepted input the spec rejects.
 */
type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Discord treats its `oneOf`s as discriminated unions, but several variants overlap (a nullable
 * `$ref` next to `{ type: "null" }`, branches without `additionalProperties: false`), so a strict
 * JSON-Schema `oneOf` rejects valid input that matches two branches. `anyOf` keeps the intent.
 */
function oneOfAsAnyOf(node: Record<string, Json>): void {
  const variants = node.oneOf;
  if (!Array.isArray(variants)) return;
  delete node.oneOf;
  if (Array.isArray(node.anyOf)) node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), { anyOf: variants }];
  else node.anyOf = variants;
}

/**
 * `default_member_permissions` is a permission bitfield; Discord documents it as a string and
 * discord.js's builders send a string ("32"), while the spec only allows an integer.
 */
function permissionsAlsoAsString(node: Record<string, Json>): void {
  const properties = node.properties;
  if (!isObject(properties) || !isObject(properties.default_member_permissions)) return;
  properties.default_member_permissions = {
    anyOf: [properties.default_member_permissions, { type: "string", pattern: "^[0-9]{1,20}$" }],
  };
}

const patches: ((node: Record<string, Json>) => void)[] = [oneOfAsAnyOf, permissionsAlsoAsString];

/** Applies every patch to every schema object below `root`, in place. */
export function patchSpecSchemas(root: Json): void {
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (isObject(node)) {
      for (const patch of patches) patch(node);
      stack.push(...Object.values(node));
    }
  }
}

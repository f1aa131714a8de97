import { isFields, issue, text, type BodyIssue, type Fields, type Path } from "./issues.ts";

/**
 * Limits Discord enforces on message bodies that its OpenAPI document does not express
 * (or expresses more loosely, like the 4000-character content cap that only applies to users).
 */

const MAX_CONTENT = 2000;
const MAX_EMBEDS = 10;
const MAX_EMBED_TOTAL = 6000;
const MAX_ACTION_ROWS = 5;
const MAX_ROW_ITEMS = 5;
const MAX_CUSTOM_ID = 100;
const MAX_AUTOCOMPLETE_CHOICES = 25;
const MAX_CHOICE_NAME = 100;
const MAX_CHOICE_STRING_VALUE = 100;
const MAX_MODAL_TITLE = 45;

const COMPONENTS_V2_FLAG = 1 << 15;
const ACTION_ROW = 1;
const BUTTON = 2;
const LINK_BUTTON_STYLE = 5;
const PREMIUM_BUTTON_STYLE = 6;


function maxLength(at: Path, value: unknown, limit: number, into: BodyIssue[]): void {
  if (typeof value === "string" && value.length > limit) {
    into.push(issue(at, "BASE_TYPE_MAX_LENGTH", `Must be ${limit} or fewer in length (got ${value.length} characters).`));
  }
}

function maxItems(at: Path, value: unknown, limit: number, into: BodyIssue[]): void {
  if (Array.isArray(value) && value.length > limit) {
    into.push(issue(at, "BASE_TYPE_MAX_LENGTH", `Must be ${limit} or fewer in length (got ${value.length} items).`));
  }
}

function checkEmbeds(embeds: unknown, at: Path, into: BodyIssue[]): void {
  if (!Array.isArray(embeds)) return;
  maxItems(at, embeds, MAX_EMBEDS, into);
  let total = 0;
  embeds.forEach((embed: unknown, index) => {
    if (!isFields(embed)) return;
    const here = [...at, index];
    maxLength([...here, "title"], embed.title, 256, into);
    maxLength([...here, "description"], embed.description, 4096, into);
    total += text(embed.title).length + text(embed.description).length;
    if (isFields(embed.footer)) {
      maxLength([...here, "footer", "text"], embed.footer.text, 2048, into);
      total += text(embed.footer.text).length;
    }
    if (isFields(embed.author)) {
      maxLength([...here, "author", "name"], embed.author.name, 256, into);
      total += text(embed.author.name).length;
    }
    if (Array.isArray(embed.fields)) {
      maxItems([...here, "fields"], embed.fields, 25, into);
      embed.fields.forEach((field: unknown, fieldIndex) => {
        if (!isFields(field)) return;
        const fieldPath = [...here, "fields", fieldIndex];
        maxLength([...fieldPath, "name"], field.name, 256, into);
        maxLength([...fieldPath, "value"], field.value, 1024, into);
        for (const key of ["name", "value"] as const) {
          if (field[key] === "") into.push(issue([...fieldPath, key], "BASE_TYPE_REQUIRED", "This field is required"));
        }
        total += text(field.name).length + text(field.value).length;
      });
    }
  });
  if (total > MAX_EMBED_TOTAL) {
    into.push(issue(at, "MAX_EMBED_SIZE_EXCEEDED", `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL} (got ${total}).`));
  }
}

function checkButton(button: Fields, at: Path, into: BodyIssue[]): void {
  const style = button.style;
  if (style === LINK_BUTTON_STYLE) {
    if (typeof button.url !== "string") into.push(issue([...at, "url"], "BASE_TYPE_REQUIRED", "Link buttons need a url"));
    if (button.custom_id != null) into.push(issue([...at, "custom_id"], "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "Link buttons cannot have a custom_id"));
  } else if (style !== PREMIUM_BUTTON_STYLE) {
    if (typeof button.custom_id !== "string") into.push(issue([...at, "custom_id"], "BASE_TYPE_REQUIRED", "This field is required"));
    if (button.url != null) into.push(issue([...at, "url"], "BUTTON_COMPONENT_URL_NOT_ALLOWED", "Only link buttons can have a url"));
  }
  if (style !== PREMIUM_BUTTON_STYLE && button.label == null && button.emoji == null) {
    into.push(issue([...at, "label"], "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A button needs a label or an emoji"));
  }
}

/** Every custom_id anywhere in a component tree, with its path. */
function collectCustomIds(node: unknown, at: Path, into: { id: string; at: Path }[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, index) => collectCustomIds(child, [...at, index], into));
  } else if (isFields(node)) {
    if (typeof node.custom_id === "string") into.push({ id: node.custom_id, at: [...at, "custom_id"] });
    for (const key of ["components", "accessory"]) {
      if (key in node) collectCustomIds(node[key], [...at, key], into);
    }
  }
}

function checkComponents(body: Fields, bodyAt: Path, into: BodyIssue[]): void {
  const at = [...bodyAt, "components"];
  const components = body.components;
  if (!Array.isArray(components)) return;
  const componentsV2 = typeof body.flags === "number" && (body.flags & COMPONENTS_V2_FLAG) !== 0;
  if (componentsV2) {
    for (const key of ["content", "embeds"] as const) {
      const value = body[key];
      if (value != null && !(Array.isArray(value) && value.length === 0) && value !== "") {
        into.push(issue([...bodyAt, key], "COMPONENTS_V2_FIELD_NOT_ALLOWED", `Messages flagged IS_COMPONENTS_V2 cannot set ${key}`));
      }
    }
  } else {
    maxItems(at, components, MAX_ACTION_ROWS, into);
    components.forEach((row: unknown, rowIndex) => {
      if (!isFields(row)) return;
      const rowPath = [...at, rowIndex];
      if (row.type !== ACTION_ROW) {
        into.push(issue([...rowPath, "type"], "COMPONENT_TYPE_REQUIRES_COMPONENTS_V2", `Top-level component type ${String(row.type)} needs the IS_COMPONENTS_V2 flag`));
        return;
      }
      const items = Array.isArray(row.components) ? row.components : [];
      maxItems([...rowPath, "components"], items, MAX_ROW_ITEMS, into);
      const hasSelect = items.some((item: unknown) => isFields(item) && item.type !== BUTTON);
      if (hasSelect && items.length > 1) {
        into.push(issue([...rowPath, "components"], "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "A select menu must be alone in its action row"));
      }
      items.forEach((item: unknown, itemIndex) => {
        if (isFields(item) && item.type === BUTTON) checkButton(item, [...rowPath, "components", itemIndex], into);
      });
    });
  }
  const customIds: { id: string; at: Path }[] = [];
  collectCustomIds(components, at, customIds);
  const seen = new Set<string>();
  for (const { id, at: idPath } of customIds) {
    maxLength(idPath, id, MAX_CUSTOM_ID, into);
    if (seen.has(id)) into.push(issue(idPath, "COMPONENT_CUSTOM_ID_DUPLICATED", `Component custom id "${id}" cannot be duplicated`));
    seen.add(id);
  }
}

export interface MessageLimitContext {
  /** Creating a message (as opposed to editing one): an empty message is refused. */
  creating: boolean;
  /** Files uploaded alongside the body count as content. */
  fileCount: number;
}

export const EMPTY_MESSAGE_CODE = "EMPTY_MESSAGE";

/** Checks a message create/edit body (channel message, interaction reply data, webhook message). */
export function checkMessageLimits(body: unknown, at: Path, context: MessageLimitContext): BodyIssue[] {
  const into: BodyIssue[] = [];
  if (!isFields(body)) {
    if (context.creating && context.fileCount === 0) into.push(issue(at, EMPTY_MESSAGE_CODE, "Cannot send an empty message"));
    return into;
  }
  maxLength([...at, "content"], body.content, MAX_CONTENT, into);
  checkEmbeds(body.embeds, [...at, "embeds"], into);
  checkComponents(body, at, into);
  if (context.creating && context.fileCount === 0) {
    const nonEmpty = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : value != null && value !== "");
    const hasSomething = ["content", "embeds", "components", "attachments", "sticker_ids", "poll"].some((key) => nonEmpty(body[key]));
    if (!hasSomething) into.push(issue(at, EMPTY_MESSAGE_CODE, "Cannot send an empty message"));
  }
  return into;
}

/** Checks an autocomplete result (`data` of a type 8 callback). */
export function checkAutocompleteLimits(data: unknown, at: Path): BodyIssue[] {
  const into: BodyIssue[] = [];
  if (!isFields(data) || !Array.isArray(data.choices)) {
    into.push(issue([...at, "choices"], "BASE_TYPE_REQUIRED", "This field is required"));
    return into;
  }
  maxItems([...at, "choices"], data.choices, MAX_AUTOCOMPLETE_CHOICES, into);
  data.choices.forEach((choice: unknown, index) => {
    if (!isFields(choice)) return;
    const here = [...at, "choices", index];
    const name = text(choice.name);
    if (name.length < 1 || name.length > MAX_CHOICE_NAME) {
      into.push(issue([...here, "name"], "BASE_TYPE_BAD_LENGTH", `Must be between 1 and ${MAX_CHOICE_NAME} in length (got ${name.length} characters).`));
    }
    maxLength([...here, "value"], choice.value, MAX_CHOICE_STRING_VALUE, into);
  });
  return into;
}

/** Checks a modal (`data` of a type 9 callback). */
export function checkModalLimits(data: unknown, at: Path): BodyIssue[] {
  const into: BodyIssue[] = [];
  if (!isFields(data)) return into;
  maxLength([...at, "title"], data.title, MAX_MODAL_TITLE, into);
  maxLength([...at, "custom_id"], data.custom_id, MAX_CUSTOM_ID, into);
  maxItems([...at, "components"], data.components, MAX_ACTION_ROWS, into);
  return into;
}

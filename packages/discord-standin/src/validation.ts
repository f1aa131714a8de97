import { checkCommandLimits, checkCommandSetLimits } from "./command-limits.ts";
import type { BodyIssue } from "./issues.ts";
import { checkAutocompleteLimits, checkMessageLimits, checkModalLimits } from "./message-limits.ts";
import type { OpenApiSchemas } from "./openapi-schema.ts";

type LimitCheck = (body: unknown, fileCount: number) => BodyIssue[];

const createdMessage: LimitCheck = (body, fileCount) => checkMessageLimits(body, [], { creating: true, fileCount });
const editedMessage: LimitCheck = (body, fileCount) => checkMessageLimits(body, [], { creating: false, fileCount });

const interactionCallback: LimitCheck = (body, fileCount) => {
  if (typeof body !== "object" || body === null || !("type" in body)) return [];
  const data = "data" in body ? body.data : undefined;
  switch (body.type) {
    case 4:
      return checkMessageLimits(data, ["data"], { creating: true, fileCount });
    case 7:
      return checkMessageLimits(data, ["data"], { creating: false, fileCount });
    case 8:
      return checkAutocompleteLimits(data, ["data"]);
    case 9:
      return checkModalLimits(data, ["data"]);
    default:
      return [];
  }
};

/** Extra limit checks per spec operation (`METHOD template`). */
const LIMIT_CHECKS: Record<string, LimitCheck> = {
  "POST /channels/{channel_id}/messages": createdMessage,
  "PATCH /channels/{channel_id}/messages/{message_id}": editedMessage,
  "POST /interactions/{interaction_id}/{interaction_token}/callback": interactionCallback,
  "POST /webhooks/{webhook_id}/{webhook_token}": createdMessage,
  "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original": editedMessage,
  "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}": editedMessage,
  "PUT /applications/{application_id}/commands": (body) => checkCommandSetLimits(body),
  "PUT /applications/{application_id}/guilds/{guild_id}/commands": (body) => checkCommandSetLimits(body),
  "POST /applications/{application_id}/commands": (body) => checkCommandLimits(body, []),
  "POST /applications/{application_id}/guilds/{guild_id}/commands": (body) => checkCommandLimits(body, []),
};

/** Validates request bodies against Discord's OpenAPI schema plus the limits the schema leaves out. */
export class RequestValidator {
  readonly #schemas: OpenApiSchemas | undefined;

  /** Without a schema (no spec file, e.g. the sandbox on a user's machine) nothing is validated. */
  constructor(schemas: OpenApiSchemas | undefined) {
    this.#schemas = schemas;
  }

  /** `path` is relative to `/api/v10`. Returns no issues for operations the spec does not know. */
  validate(method: string, path: string, body: unknown, fileCount: number): BodyIssue[] {
    if (this.#schemas === undefined) return [];
    const operation = this.#schemas.findOperation(method, path);
    if (operation === undefined) return [];
    const issues = [...this.#schemas.validateBody(operation, body)];
    const limitCheck = LIMIT_CHECKS[`${method.toUpperCase()} ${operation.template}`];
    if (limitCheck !== undefined) issues.push(...limitCheck(body, fileCount));
    return dedupe(issues);
  }
}

/** The schema and the hand-written limits can both flag the same field for the same reason. */
function dedupe(issues: BodyIssue[]): BodyIssue[] {
  const seen = new Set<string>();
  return issues.filter((found) => {
    const key = `${found.path.join("/")}|${found.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

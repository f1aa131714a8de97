/** One problem found in a request body, located like Discord locates form errors. */
export interface BodyIssue {
  /** Field path inside the body, e.g. ["data", "embeds", "0", "title"]. Empty for the body itself. */
  path: string[];
  /** Discord-style error code, e.g. BASE_TYPE_MAX_LENGTH. */
  code: string;
  message: string;
}

/** `data.embeds[0].title` */
function formatIssuePath(path: readonly string[]): string {
  let out = "";
  for (const segment of path) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out === "" ? "(body)" : out;
}

export function formatIssue(issue: BodyIssue): string {
  return `${formatIssuePath(issue.path)}: ${issue.message} [${issue.code}]`;
}

interface ErrorTree {
  _errors?: { code: string; message: string }[];
  [field: string]: ErrorTree | { code: string; message: string }[] | undefined;
}

/** Discord's 400 body for rejected input: `{ code: 50035, message: "Invalid Form Body", errors }`. */
export function invalidFormBody(issues: readonly BodyIssue[]): { code: number; message: string; errors: ErrorTree } {
  const errors: ErrorTree = {};
  for (const issue of issues) {
    let node = errors;
    for (const segment of issue.path) {
      const child = node[segment];
      if (child === undefined || Array.isArray(child)) {
        const created: ErrorTree = {};
        node[segment] = created;
        node = created;
      } else {
        node = child;
      }
    }
    (node._errors ??= []).push({ code: issue.code, message: issue.message });
  }
  return { code: 50035, message: "Invalid Form Body", errors };
}

export function issue(path: readonly (string | number)[], code: string, message: string): BodyIssue {
  return { path: path.map(String), code, message };
}

/** Where a limit check is in a request body. */
export type Path = readonly (string | number)[];
export type Fields = Record<string, unknown>;

export function isFields(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value if it is a string, else "" (limits count characters of strings only). */
export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * The path of an HTTP request target, or undefined when it is not one a client could mean.
 * Never throws: the target is whatever bytes a client sent (`http://[/`, `%zz`, NULs, …).
 */
export function requestPath(target: string | undefined): string | undefined {
  if (target === undefined || target.length === 0) return undefined;
  if (target.startsWith("/")) {
    const end = target.search(/[?#]/);
    return end === -1 ? target : target.slice(0, end);
  }
  // Absolute form (`GET http://host/healthz`), which HTTP/1.1 servers must accept.
  if (!/^https?:\/\//i.test(target)) return undefined;
  try {
    return new URL(target).pathname;
  } catch {
    return undefined;
  }
}

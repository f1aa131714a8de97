import path from "node:path";
import { build } from "esbuild";

const ENTRY = path.resolve(import.meta.dirname, "public/app.js");

/**
 * The page's script: app.js with its imports (discord-markdown-parser from node_modules) in one
 * file, built once on first request. Nothing is fetched from a CDN: the page works offline.
 */
export function pageBundle(): () => Promise<Buffer> {
  let built: Promise<Buffer> | undefined;
  return () => {
    built ??= build({ entryPoints: [ENTRY], bundle: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent" }).then((result) =>
      Buffer.from(result.outputFiles[0]!.contents),
    );
    // A failed build is tried again on the next request rather than remembered.
    built.catch(() => (built = undefined));
    return built;
  };
}

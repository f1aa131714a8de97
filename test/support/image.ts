import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(REPO, file), "utf8");

/** The files `docker build` puts in the image, from the Dockerfile's COPY lines and .dockerignore. */
export function imageFiles(): string[] {
  const ignored = read(".dockerignore")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const isIgnored = (file: string) => ignored.some((pattern) => file === pattern || file.startsWith(`${pattern}/`));
  const sources = [...read("Dockerfile").matchAll(/^COPY\s+(.+)\s+\S+$/gm)].flatMap((match) => match[1]!.split(/\s+/));
  const files: string[] = [];
  const walk = (relative: string) => {
    if (isIgnored(relative)) return;
    const absolute = path.join(REPO, relative);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) {
      for (const entry of readdirSync(absolute)) walk(path.posix.join(relative, entry));
    } else {
      files.push(relative);
    }
  };
  for (const source of sources) walk(source.replace(/^\.\/|\/$/g, "") || ".");
  return files;
}


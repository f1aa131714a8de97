import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { imageFiles } from "../support/image.ts";
import { START_NODE_FLAGS } from "../support/node-child.ts";

const REPO = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(REPO, file), "utf8");

function importsOf(source: string): string[] {
  // Type-only imports are erased before the code runs, so they need no production dependency.
  const found = [...source.matchAll(/(?:^|\s)(?:import|export)\s(?!type\s)[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)|^import\s+"([^"]+)"/gm)];
  return found.map((match) => match[1] ?? match[2] ?? match[3]!);
}

describe("the production image", () => {
  const files = imageFiles();

  it("ships the bot and none of the tests, the stand-in Discord, the sandbox or the benchmarks", () => {
    expect(files).toContain("src/main.ts");
    expect(files).toContain("migrations/index.ts");
    expect(files.some((file) => file.startsWith("roadmap/") && file.endsWith(".yaml"))).toBe(true);
    const devOnly = files.filter((file) => /^(test|bench|packages|docs|src\/sandbox)\//.test(file) || file.startsWith(".env"));
    expect(devOnly).toEqual([]);
  });

  it("can load every module it ships with production dependencies only", () => {
    const manifest = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    const shipped = new Set(files);
    const problems: string[] = [];
    for (const file of files.filter((f) => f.endsWith(".ts"))) {
      for (const specifier of importsOf(read(file))) {
        if (specifier.startsWith(".")) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
          if (!shipped.has(target)) problems.push(`${file} imports ${specifier}, which the image does not ship`);
          continue;
        }
        const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
        if (specifier.startsWith("node:") || builtins.has(name)) continue;
        if (!(name in manifest.dependencies)) problems.push(`${file} imports ${specifier}, which is not a production dependency`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("installs production dependencies only, runs as an unprivileged user and starts node directly", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const user = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    // npm would not pass SIGTERM on to the bot.
    expect(dockerfile).toMatch(/^CMD \["node",/m);
    // …with the same Node flags as `npm start`.
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd).toEqual(["node", ...START_NODE_FLAGS, "--import", "tsx", "src/main.ts"]);
  });

  it("gives the container time to migrate and connect before its health check counts", () => {
    expect(read("docker-compose.yml")).toMatch(/healthcheck:[\s\S]*?start_period:\s*\d+s/);
  });
});

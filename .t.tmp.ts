import { readImportFile } from "./src/portability/read-import-file.ts";
const MB = 1024*1024;
function lines(unit: string, size: number, len = 499) { const line = ("- [x] " + unit.repeat(len)).slice(0, len); const out: string[] = []; let n = 0; while (n < size) { out.push(line); n += line.length + 1; } return out.join("\n"); }
for (const unit of ["*a_", "[](", "`a``b", "**a ", "<!--", "[^", "a"]) {
  const r: string[] = [];
  for (const size of [MB/8, MB/2]) {
    const b = Buffer.from(lines(unit, size));
    const t0 = performance.now(); const res = readImportFile("markdown", b);
    r.push(`${size/1024}KB:${(performance.now()-t0).toFixed(0)}ms(${res.ok ? res.entries.length : res.problem.slice(0,30)})`);
  }
  console.log(JSON.stringify(unit).padEnd(8), r.join(" "));
}

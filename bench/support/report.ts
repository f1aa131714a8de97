import { readFileSync } from "node:fs";
import os from "node:os";

/** One line of the printed table: a figure, its floor from the same run, and the target. */
export interface Row {
  readonly section: string;
  readonly metric: string;
  readonly value: string;
  readonly floor: string;
  readonly ratio: string;
  readonly target: string;
  readonly status: "met" | "MISSED" | "info";
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly postgres: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  readonly loadAverage: number;
}

export function machine(postgres: string): Machine {
  let cpuModel = os.cpus()[0]?.model ?? "?";
  try {
    cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: os.cpus() is good enough.
  }
  return { cpus: os.availableParallelism(), cpuModel, memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10, node: process.version, postgres, loadAverage: Math.round(os.loadavg()[0]! * 100) / 100 };
}

export function formatTable(rows: readonly Row[]): string {
  const header: Row = { section: "section", metric: "metric", value: "value", floor: "floor", ratio: "ratio", target: "target", status: "info" };
  const columns = ["section", "metric", "value", "floor", "ratio", "target", "status"] as const;
  const cells = [header, ...rows].map((row, index) => columns.map((column) => (index === 0 && column === "status" ? "status" : String(row[column]))));
  const widths = columns.map((_, c) => Math.max(...cells.map((line) => line[c]!.length)));
  const line = (values: string[]) => `| ${values.map((value, c) => value.padEnd(widths[c]!)).join(" | ")} |`;
  return [line(cells[0]!), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...cells.slice(1).map(line)].join("\n");
}

export const ms = (value: number): string => `${value} ms`;
export const times = (value: number, floor: number): string => (floor > 0 && Number.isFinite(value / floor) ? `${(value / floor).toFixed(2)}×` : "–");

export * from "../../src/standin/index.ts";

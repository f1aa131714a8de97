import { parentPort } from "node:worker_threads";
import { registerPictureFonts } from "./fonts.ts";
import { renderGroupMap, type GroupMapImageInput } from "./group-map.ts";
import { renderLeaderboardImage, type LeaderboardImageInput } from "./leaderboard-image.ts";
import { renderProgressCard, type ProgressCardInput } from "./progress-card.ts";

export type PictureJob =
  | { readonly kind: "progress-card"; readonly input: ProgressCardInput }
  | { readonly kind: "leaderboard"; readonly input: LeaderboardImageInput }
  | { readonly kind: "group-map"; readonly input: GroupMapImageInput };

export type PictureRequest = PictureJob & { readonly id: number };

export type PictureResponse =
  | { readonly id: number; readonly ok: true; readonly png: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly message: string };

const port = parentPort;
if (!port) throw new Error("picture-worker.ts runs only as a worker thread (see render-pool.ts)");

// Registering the fonts reads and decodes a few hundred files; doing it as the worker starts
// means the first picture a member asks for does not pay for it.
registerPictureFonts();

port.on("message", (request: PictureRequest) => {
  render(request).then(
    (png) => port.postMessage({ id: request.id, ok: true, png } satisfies PictureResponse),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ id: request.id, ok: false, message } satisfies PictureResponse);
    },
  );
});

function render(request: PictureRequest): Promise<Buffer> {
  switch (request.kind) {
    case "progress-card":
      return renderProgressCard(request.input);
    case "leaderboard":
      return renderLeaderboardImage(request.input);
    case "group-map":
      return renderGroupMap(request.input);
  }
}

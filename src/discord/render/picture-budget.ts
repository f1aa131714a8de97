import type { PictureRenderer } from "../../pictures/render-pool.ts";

/** More queued pictures than this means a burst: answer with the embed alone rather than late. */
const MAX_BACKLOG = 3;
const MAX_WAIT_MS = 1_000;

/**
 * Draws a picture for a reply only if it can arrive in time: the text embed is the reply, the
 * picture an extra that a burst of commands or a slow worker must not turn into a late answer.
 */
export async function pictureInTime(
  renderer: PictureRenderer | undefined,
  draw: (renderer: PictureRenderer) => Promise<Buffer>,
  onError: (error: unknown) => void,
): Promise<Buffer | undefined> {
  if (!renderer || renderer.backlog >= MAX_BACKLOG) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), MAX_WAIT_MS);
  });
  try {
    return await Promise.race([draw(renderer), late]);
  } catch (error) {
    onError(error);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

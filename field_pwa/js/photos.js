// Photos of papers and houses: downscaled on the tablet to at most 1600 px, JPEG quality 0.7,
// named by their SHA-256 (the office stores them by that name; a resend is harmless).

export const MAX_EDGE = 1600;
export const QUALITY = 0.7;

/** Downscale an image file; resolves with {blob, sha256, width, height}. */
export async function preparePhoto(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const blob = await drawJpeg(bitmap, width, height);
  bitmap.close();
  return { blob, sha256: await sha256Hex(blob), width, height };
}

async function drawJpeg(bitmap, width, height) {
  if (typeof OffscreenCanvas === "function") {
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
    return canvas.convertToBlob({ type: "image/jpeg", quality: QUALITY });
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
}

/** Lower-case hex SHA-256 of a Blob's bytes. */
export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

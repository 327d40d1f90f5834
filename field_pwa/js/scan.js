// Scanning the admin's enrolment QR with the tablet camera: BarcodeDetector where Chromium has
// it (Android), else the kiosk's vendored jsQR, loaded from the server (enrolment is online).
const JSQR = "/static/vendor/jsqr-1.4.0.js";
const EVERY_MS = 250;

/** Film with the back camera into `video` until a QR is read; resolves with its text. */
export async function scanQr(video, { signal }) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: "environment", width: { ideal: 1280 } },
    audio: false,
  });
  try {
    video.srcObject = stream;
    await video.play();
    const read = await reader();
    for (;;) {
      if (signal.aborted) return null;
      await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
      if (video.readyState < 2) continue;
      const text = await read(video).catch(() => null);
      if (text) return text;
    }
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  }
}

async function reader() {
  if ("BarcodeDetector" in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats().catch(() => []);
    if (formats.includes("qr_code")) {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
    }
  }
  await loadJsQr();
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    const scale = Math.min(1, 800 / Math.max(video.videoWidth, video.videoHeight, 1));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return window.jsQR(image.data, image.width, image.height)?.data ?? null;
  };
}

function loadJsQr() {
  if (window.jsQR) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = JSQR;
    script.addEventListener("load", resolve);
    script.addEventListener("error", reject);
    document.head.append(script);
  });
}

/** The enrolment code in a scanned text: the QR holds `<base>/field/#enrol=<code>`. */
export function enrolmentCodeFrom(text) {
  const match = /#enrol=([^&\s]+)/.exec(text || "");
  return match ? decodeURIComponent(match[1]).toUpperCase() : (text || "").trim().toUpperCase();
}

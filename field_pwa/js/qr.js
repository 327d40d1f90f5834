// A QR code drawn as SVG elements (no inline style, so the CSP stays strict).
import { encode } from "./vendor/uqr-0.1.3.mjs";

const SVG = "http://www.w3.org/2000/svg";

/** An <svg> of `text` as a QR code, with a quiet zone of 4 modules. */
export function qrSvg(text, label) {
  const { data, size } = encode(text, { ecc: "M", border: 4 });
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("shape-rendering", "crispEdges");
  svg.classList.add("qr");
  const ground = document.createElementNS(SVG, "rect");
  ground.setAttribute("width", size);
  ground.setAttribute("height", size);
  ground.setAttribute("fill", "#ffffff");
  const modules = document.createElementNS(SVG, "path");
  modules.setAttribute("d", path);
  modules.setAttribute("fill", "#000000");
  svg.append(ground, modules);
  return svg;
}

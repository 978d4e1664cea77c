import QRCode from "qrcode";

/**
 * A QR code as SVG markup. The value only shapes the modules; it never appears as text in the markup.
 * The root <svg> keeps its viewBox but has no width/height, so it scales to whatever box holds it.
 */
export async function qrSvg(value: string): Promise<string> {
  const svg = await QRCode.toString(value, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return svg.replace(/<svg\b[^>]*>/, (tag) => tag.replace(/\s(?:width|height)="[^"]*"/g, ""));
}

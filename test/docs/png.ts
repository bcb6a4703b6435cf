/**
 * Stacks PNG screenshots of the same width vertically into one PNG, with node:zlib only.
 *
 * Why: the headless Chromium used by the docs test wraps a single capture taller than about
 * 8192 px back to the top of the page (a GPU texture limit), so tall pages are captured in
 * slices and joined here.
 *
 * Handles 8-bit, non-interlaced greyscale, RGB, grey+alpha and RGBA images, which is what
 * Chromium writes. Each slice's scanlines stay filtered as they are, except its first one, whose
 * filter referred to an all-zero row above it: that one is decoded and stored unfiltered.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { crc32 } from "../../src/testing/emulator/crc32.js";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BYTES_PER_PIXEL: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

interface Decoded {
  width: number;
  height: number;
  colorType: number;
  /** Filtered scanlines, each a filter-type byte and then the row. */
  data: Buffer;
}

function decode(png: Buffer): Decoded {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG");
  let header: Omit<Decoded, "data"> | undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    at += 12 + length;
    if (type === "IHDR") {
      const [bitDepth, colorType, , , interlace] = body.subarray(8, 13);
      if (bitDepth !== 8 || interlace !== 0 || colorType === undefined || !(colorType in BYTES_PER_PIXEL)) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
      }
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), colorType };
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
  }
  if (!header) throw new Error("PNG without IHDR");
  return { ...header, data: inflateSync(Buffer.concat(idat)) };
}

/** Decodes a scanline whose row above is all zeros and returns it with filter type 0. */
function unfilterFirstRow(line: Buffer, bpp: number): Buffer {
  const out = Buffer.alloc(line.length);
  const filter = line[0];
  for (let x = 1; x < line.length; x++) {
    const left = x > bpp ? (out[x - bpp] ?? 0) : 0;
    const value = line[x] ?? 0;
    // With an all-zero row above, Up is None, and Paeth always predicts from the left byte (Sub).
    const predicted = filter === 1 || filter === 4 ? left : filter === 3 ? left >> 1 : 0;
    out[x] = (value + predicted) & 0xff;
  }
  out[0] = 0;
  return out;
}

function chunk(type: string, body: Buffer): Buffer {
  const typeAndBody = Buffer.concat([Buffer.from(type, "latin1"), body]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndBody));
  return Buffer.concat([length, typeAndBody, crc]);
}

export function stackPngs(pngs: readonly Buffer[]): Buffer {
  const images = pngs.map(decode);
  const first = images[0];
  if (!first) throw new Error("no images to stack");
  const bpp = BYTES_PER_PIXEL[first.colorType] ?? 4;
  const stride = first.width * bpp + 1;
  const parts: Buffer[] = [];
  let height = 0;
  images.forEach((image, index) => {
    if (image.width !== first.width || image.colorType !== first.colorType) {
      throw new Error("PNG slices differ in width or colour type");
    }
    if (image.data.length !== image.height * stride) throw new Error("PNG slice has unexpected data length");
    height += image.height;
    if (index === 0 || image.height === 0) parts.push(image.data);
    else parts.push(unfilterFirstRow(image.data.subarray(0, stride), bpp), image.data.subarray(stride));
  });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(first.width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, first.colorType, 0, 0, 0], 8);
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(parts))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** PNG files made in the test (logos to upload or store), without an image library. */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA PNG; `row(y)` gives the row's pixels (width × 4 bytes). */
export function png(width: number, height: number, row: (y: number) => Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.concat(Array.from({ length: height }, (_, y) => Buffer.concat([Buffer.from([0]), row(y)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A logo-like PNG: a dark bar with a red block on the right, on white. */
export function barLogo(width: number, height: number, bar: [number, number, number] = [0, 0, 0]): Buffer {
  return png(width, height, (y) => {
    const row = Buffer.alloc(width * 4, 0xff);
    for (let x = 0; x < width; x++) {
      const inBar = y > height * 0.375 && y < height * 0.625;
      const inBlock = x > width * 0.75 && y > height * 0.125 && y < height * 0.875;
      if (inBlock) row.set([0xd0, 0x20, 0x20, 0xff], x * 4);
      else if (inBar) row.set([...bar, 0xff], x * 4);
    }
    return row;
  });
}

// node scripts/make-icons.mjs – draws the icon set in public/ from public/icon.svg: favicon.ico
// (16, 32 and 48 px), apple-touch-icon.png (180 px, square: iOS rounds it itself) and the web
// manifest's 192 and 512 px icons. Chromium draws them (Playwright's, or /usr/bin/chromium).
import { chromium } from "@playwright/test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const svg = readFileSync("public/icon.svg", "utf8");
const square = svg.replace('rx="8" fill="url(#fill)"', 'fill="url(#fill)"');
const browser = await chromium.launch(
  existsSync("/usr/bin/chromium")
    ? { executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] }
    : {},
);
const page = await browser.newPage();

async function png(source, size) {
  await page.setViewportSize({ width: size, height: size });
  const data = Buffer.from(source).toString("base64");
  await page.setContent(
    `<style>*{margin:0}img{display:block;width:${size}px;height:${size}px}</style><img src="data:image/svg+xml;base64,${data}">`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** An .ico holding PNG images (every browser since 2009 reads them). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size, entry);
    header.writeUInt8(size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.data)]);
}

const small = [];
for (const size of [16, 32, 48]) small.push({ size, data: await png(svg, size) });
writeFileSync("public/favicon.ico", ico(small));
writeFileSync("public/apple-touch-icon.png", await png(square, 180));
writeFileSync("public/icon-192.png", await png(svg, 192));
writeFileSync("public/icon-512.png", await png(svg, 512));
await browser.close();

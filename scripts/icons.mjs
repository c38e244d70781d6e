// Renders the app icons (pwa/icons/*.png) from their SVG sources with headless Chromium, so no
// image tool is needed: node scripts/icons.mjs. The PNGs are committed; run again after editing
// pwa/icons/icon.svg (also served as the favicon) or pwa/maskable.svg (source only).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const pwa = path.resolve(import.meta.dirname, '../pwa');
const dir = path.join(pwa, 'icons');
const jobs = [
  ['icons/icon.svg', 192, 'icon-192.png'],
  ['icons/icon.svg', 512, 'icon-512.png'],
  ['maskable.svg', 192, 'maskable-192.png'],
  ['maskable.svg', 512, 'maskable-512.png'],
];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
for (const [source, size, out] of jobs) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const svg = readFileSync(path.join(pwa, source), 'utf8');
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
  );
  await page.screenshot({ path: path.join(dir, out), omitBackground: true });
  await page.close();
  console.log(`${out} (${size}×${size})`);
}
await browser.close();

/** `npm run build:web`: builds web/ into web/dist and prints what a browser downloads. */
import { buildWebApp, WEB_DIST } from './build.ts';

const { ms, assets } = await buildWebApp();
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
for (const asset of assets) console.log(`  ${asset.file.padEnd(40)} ${kb(asset.bytes).padStart(9)}   gzip ${kb(asset.gzipBytes).padStart(8)}`);
console.log(`Built ${WEB_DIST} in ${(ms / 1000).toFixed(1)} s; JavaScript and CSS: ${kb(assets.reduce((sum, a) => sum + a.gzipBytes, 0))} gzip.`);

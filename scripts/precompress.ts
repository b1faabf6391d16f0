import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text the server sends as files; images and fonts are compressed already. */
const compressible = /\.(js|mjs|css|html|json|svg|txt|webmanifest|map)$/;
/** Below this a compressed copy saves less than the headers it costs. */
const MIN_BYTES = 1024;

/**
 * Writes a .br (quality 11) and a .gz (level 9) beside every text file of the build, once, at
 * build time: the server then picks one by the request's Accept-Encoding and never compresses a
 * static file on the fly (server/transport/http/staticFiles.ts). Node's own zlib, no native deps.
 */
export function precompress(dir: string): { files: number; bytes: number; brotli: number } {
  const totals = { files: 0, bytes: 0, brotli: 0 };
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const file = path.join(at, name);
      if (statSync(file).isDirectory()) {
        walk(file);
        continue;
      }
      if (!compressible.test(name)) continue;
      const body = readFileSync(file);
      if (body.length < MIN_BYTES) continue;
      const br = brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      });
      writeFileSync(`${file}.br`, br);
      writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      totals.files += 1;
      totals.bytes += body.length;
      totals.brotli += br.length;
    }
  };
  walk(dir);
  return totals;
}

/** The Vite plugin: precompresses the output folder after every production build. */
export function precompressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'roundtable-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const t = precompress(outDir);
      this.info(
        `precompressed ${t.files} files: ${(t.bytes / 1024).toFixed(0)} KB, ` +
          `${(t.brotli / 1024).toFixed(0)} KB as brotli`,
      );
    },
  };
}

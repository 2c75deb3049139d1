// dist/lptf.mjs, once scripts/bundle.mjs has filled in the bundle's version, hash and packed bytes:
// it writes the bundle once to a cache folder and runs it from there.
//
// What is executed must be the bundle this file holds: a file planted at the cache path (hostile
// N59; the shared temporary folder is anyone's to write) or left empty by a full disk ran as
// lptf, unchecked. So the cache folder is this user's alone (made 0700, refused if another user
// owns it or may write it, or if it is a link), the file is compared with the bundle's SHA-256
// before each run and written whole under a fresh name, then renamed. A cache that cannot be used
// (LPTF_CACHE_DIR=/proc/nope, a full folder) costs a note and a private folder for this run, not a
// stack trace: the bundle is run from a file, not from memory, because its threads and child
// processes start from that file.
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { brotliDecompressSync } from 'node:zlib';

const VERSION = '%VERSION%';
const SHA256 = '%SHA256%';
const uid = process.getuid?.();

/** The bundle, unpacked once. */
let code;
const unpacked = () => {
  code ??= brotliDecompressSync(Buffer.from(bundle(), 'base64'));
  return code;
};

/** Makes (or checks) a folder that only this user may write: never another's, never a link. */
function ownFolder(dir) {
  // Folder by folder: mkdirSync's { recursive: true } spins for ever on /proc/nope (src/output/make-folder.ts).
  const missing = [];
  for (let at = resolve(dir); !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const folder of missing)
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
  const s = lstatSync(dir);
  if (!s.isDirectory()) throw new Error('is not a folder');
  if (uid !== undefined && s.uid !== uid) throw new Error(`belongs to user ${s.uid}, not to you (${uid})`);
  if (s.mode & 0o022) throw new Error('others may write to it');
  return dir;
}

/** The bundle's file in `dir`: the one there if it is the bundle, else written whole first. */
function bundleIn(dir) {
  const file = join(dir, `lptf-${VERSION}-${SHA256.slice(0, 16)}.mjs`);
  try {
    const s = lstatSync(file);
    const own = s.isFile() && (uid === undefined || s.uid === uid) && !(s.mode & 0o022);
    if (own && createHash('sha256').update(readFileSync(file)).digest('hex') === SHA256) return file;
  } catch {
    // Not there yet.
  }
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, unpacked(), { flag: 'wx', mode: 0o600 });
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
  return file;
}

/** Where the bundle runs from: the cache, or (saying why, once) a folder of this run's own. */
function bundleFile() {
  const configured = process.env.LPTF_CACHE_DIR;
  const cache = configured || join(tmpdir(), `lptf-${uid ?? 'user'}`);
  try {
    return bundleIn(ownFolder(cache));
  } catch (err) {
    const why = `${configured ? 'LPTF_CACHE_DIR ' : ''}${cache}: ${err.code ?? err.message}`;
    let dir;
    try {
      dir = mkdtempSync(join(tmpdir(), 'lptf-run-'));
      const file = bundleIn(dir);
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      // Said by the process a user started, not again by each of its threads and child processes.
      if (isMainThread && !process.env.LPTF_ROLE)
        process.stderr.write(`lptf: the cache folder cannot be used (${why}); running from ${dir}\n`);
      return file;
    } catch (again) {
      if (dir) rmSync(dir, { recursive: true, force: true });
      process.stderr.write(
        `lptf: nowhere to write its code (${why}; ${tmpdir()}: ${again.code ?? again.message}): free some space, or set LPTF_CACHE_DIR to a folder of yours\n`,
      );
      process.exit(2);
    }
  }
}

const file = bundleFile();
// What lptf k8s puts in a ConfigMap: this file, not the larger one it writes.
globalThis.__lptfPackedFile = fileURLToPath(import.meta.url);
await import(pathToFileURL(file).href);

/** The bundle, brotli-compressed, in base64 (filled in by scripts/bundle.mjs). */
function bundle() {
  return '%BUNDLE%';
}

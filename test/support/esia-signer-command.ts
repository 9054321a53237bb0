/**
 * An external signer for the ESIA tests, run as its own process the way an operator's CryptoPro
 * `csptest` or openssl with the GOST engine is: the data on stdin, the raw signature on stdout,
 * the key never in Propusk's process. It signs with our GOST layer (core/gost) and a key in PEM.
 *
 *   node esia-signer-command.js <key.pem> [mode]
 *
 * Modes: `openssl` (s_be‖r_be, raw; the default), `cryptopro` (r_le‖s_le, raw), `base64`
 * (openssl order as base64 text); and the broken signers the tests need: `exit` (complains on
 * stderr, exits 3), `sleep` (never answers), `garbage` (64 random bytes), `short` (a line of
 * text), `deaf` (exits at once without reading its input).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readPrivateKeyPem, signMessage } from '../../src/core/gost/index.js';

const [keyPath, mode = 'openssl'] = process.argv.slice(2);

async function stdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function main(): Promise<number> {
  if (mode === 'deaf') return 0;
  const data = await stdin();
  if (mode === 'exit') {
    process.stderr.write('csptest: key container not found (0x8009000d)\n');
    return 3;
  }
  if (mode === 'sleep') {
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    return 0;
  }
  if (mode === 'garbage') {
    process.stdout.write(randomBytes(64));
    return 0;
  }
  if (mode === 'short') {
    process.stdout.write('Signed OK\n');
    return 0;
  }
  const key = readPrivateKeyPem(readFileSync(keyPath as string, 'utf8'));
  if (!key.ok) {
    process.stderr.write(`cannot read the key: ${key.reason}\n`);
    return 2;
  }
  const signature = signMessage(key.key, data, mode === 'cryptopro' ? 'kz' : 'ru');
  process.stdout.write(mode === 'base64' ? `${Buffer.from(signature).toString('base64')}\n` : signature);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  },
);

/**
 * Who signs our `client_secret`: a GOST R 34.10-2012 key in a PEM file, signed here in pure
 * JavaScript (the default), or an external command for operators whose key lives in a token
 * (CryptoPro `csptest`, openssl with the GOST engine).
 *
 * Whatever signs, ESIA wants the raw 64-byte signature of the Streebog-256 digest in the
 * openssl byte order (s_be‖r_be); CryptoPro's raw output is the exact byte reverse, so a
 * command declares which order it writes (protocols.md §2.2).
 */
import { execFile } from 'node:child_process';
import { type GostPrivateKey, signMessage } from '../core/gost/index.js';

export interface EsiaSigner {
  /** The raw signature of `data`, in the openssl order (s_be‖r_be), 64 bytes. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  readonly kind: 'pem' | 'command';
}

export class SignerError extends Error {}

/** Signs in process with a GOST 2012-256 key read from PEM. */
export function pemSigner(key: GostPrivateKey): EsiaSigner {
  return {
    kind: 'pem',
    async sign(data) {
      return signMessage(key, data, 'ru');
    },
  };
}

export interface CommandSignerOptions {
  /** The program and its arguments: it reads the data on stdin, writes the raw signature on stdout. */
  readonly command: readonly string[];
  /** `openssl`: s_be‖r_be as is; `cryptopro`: r_le‖s_le, reversed here. */
  readonly order: 'openssl' | 'cryptopro';
  /** The signature arrives as raw bytes or as base64 text. */
  readonly output: 'raw' | 'base64';
  readonly timeoutMs: number;
}

/** Runs the operator's command for each signature (the key never enters this process). */
export function commandSigner(options: CommandSignerOptions): EsiaSigner {
  const [program, ...args] = options.command;
  if (!program) throw new SignerError('the signer command is empty');
  return {
    kind: 'command',
    sign(data) {
      return new Promise((resolve, reject) => {
        const child = execFile(
          program,
          args,
          { encoding: 'buffer', timeout: options.timeoutMs, maxBuffer: 64 * 1024 },
          (error, stdout) => {
            if (error) {
              reject(new SignerError(`the signer command failed: ${error.message}`));
              return;
            }
            const bytes =
              options.output === 'base64'
                ? Buffer.from(stdout.toString('ascii').trim(), 'base64')
                : Buffer.from(stdout);
            if (bytes.length !== 64) {
              reject(new SignerError(`the signer command wrote ${bytes.length} bytes, not 64`));
              return;
            }
            const signature = new Uint8Array(bytes);
            resolve(options.order === 'cryptopro' ? signature.reverse() : signature);
          },
        );
        child.stdin?.end(Buffer.from(data));
      });
    },
  };
}

/**
 * Who signs our `client_secret`: a GOST R 34.10-2012 key in a PEM file, signed here in pure
 * JavaScript (the default), or an external command for operators whose key lives in a token
 * (CryptoPro `csptest`, openssl with the GOST engine).
 *
 * Whatever signs, ESIA wants the raw 64-byte signature of the Streebog-256 digest in the
 * openssl byte order (s_be‖r_be); CryptoPro's raw output is the exact byte reverse, so a
 * command declares which order it writes (protocols.md §2.2). A command's signature is
 * verified here against our certificate's key before it leaves: a wrong order, another key or
 * garbage is our failure to report (with the reason, for the operator's log), not a request
 * for ESIA to refuse.
 */
import { execFile } from 'node:child_process';
import { type GostPrivateKey, type GostPublicKey, signMessage, verifyMessage } from '../core/gost/index.js';

export interface EsiaSigner {
  /** The raw signature of `data`, in the openssl order (s_be‖r_be), 64 bytes. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  readonly kind: 'pem' | 'command';
}

/** The signature could not be made; the message says why (for the operator, never the person). */
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

/** Why a finished command gave no usable signature, or null when it did. */
function commandProblem(error: (Error & { code?: unknown; killed?: boolean }) | null, timeoutMs: number) {
  if (!error) return null;
  if (error.code === 'ENOENT') return 'the signer command was not found';
  if (error.code === 'EACCES') return 'the signer command may not be run (permissions)';
  if (error.killed) return `the signer command did not finish within ${timeoutMs} ms`;
  if (typeof error.code === 'number') return `the signer command exited with code ${error.code}`;
  return `the signer command failed: ${error.message.split('\n')[0]}`;
}

/**
 * Runs the operator's command for each signature (the key never enters this process); `key`
 * is our certificate's public key, which every signature must verify with.
 */
export function commandSigner(options: CommandSignerOptions, key: GostPublicKey): EsiaSigner {
  const [program, ...args] = options.command;
  if (!program) throw new SignerError('the signer command is empty');
  return {
    kind: 'command',
    sign(data) {
      return new Promise((resolve, reject) => {
        const child = execFile(
          program,
          args,
          {
            encoding: 'buffer',
            timeout: options.timeoutMs,
            killSignal: 'SIGKILL',
            maxBuffer: 64 * 1024,
          },
          (error, stdout, stderr) => {
            const problem = commandProblem(error, options.timeoutMs);
            if (problem) {
              const said = Buffer.from(stderr).toString('utf8').trim().slice(0, 200);
              reject(new SignerError(said ? `${problem}: ${said}` : problem));
              return;
            }
            const bytes =
              options.output === 'base64'
                ? Buffer.from(stdout.toString('ascii').trim(), 'base64')
                : Buffer.from(stdout);
            if (bytes.length !== 64) {
              reject(
                new SignerError(`the signer command wrote ${bytes.length} bytes, not a 64-byte signature`),
              );
              return;
            }
            const signature = new Uint8Array(bytes);
            if (options.order === 'cryptopro') signature.reverse();
            const verdict = verifyMessage(key, data, signature, 'ru');
            if (verdict !== 'valid') {
              reject(
                new SignerError(
                  `the signer command's signature does not verify with our certificate (${verdict}): another key, another byte order or not a signature`,
                ),
              );
              return;
            }
            resolve(signature);
          },
        );
        // A command that exits without reading its input must not take the process down (EPIPE).
        child.stdin?.on('error', () => {});
        child.stdin?.end(Buffer.from(data));
      });
    },
  };
}

// The Nu HTML Checker (npm `vnu-jar`, run with Java) over a built site.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const vnuJar = String(require('vnu-jar'));

/**
 * Runs `java -jar vnu.jar --errors-only --skip-non-html --format json` on `dir` and resolves to
 * the errors as readable lines (`file:line:column: message`); empty when every page is valid.
 */
export function htmlErrors(dir) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('java', ['-jar', vnuJar, '--errors-only', '--skip-non-html', '--format', 'json', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      let report;
      try {
        report = JSON.parse(output);
      } catch {
        reject(new Error(`vnu exited ${code} without a JSON report:\n${output.slice(0, 2000)}`));
        return;
      }
      const errors = report.messages
        .filter((message) => message.type === 'error' || message.subType === 'fatal')
        .map((message) => {
          const file = message.url?.startsWith('file:') ? relative(dir, fileURLToPath(message.url)) : (message.url ?? '?');
          return `${file}:${message.lastLine ?? '?'}:${message.firstColumn ?? message.lastColumn ?? '?'}: ${message.message}`;
        });
      if (code !== 0 && errors.length === 0) {
        reject(new Error(`vnu exited ${code} but reported no error:\n${output.slice(0, 2000)}`));
        return;
      }
      resolvePromise(errors);
    });
  });
}

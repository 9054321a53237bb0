// Solves the proof-of-work captcha (ALTCHA v1) of captchaField(): finds n with hex(SHA-256(salt + n))
// === challenge via Web Crypto, fills the hidden inputs, swaps the picture out; without Web Crypto
// (plain HTTP) or on failure the picture stays. Keep the loop identical to solvePow() in pow.ts.
(() => {
  const BATCH = 256;
  const encoder = new TextEncoder();
  const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

  async function solve(challenge, salt, maxnumber) {
    for (let start = 0; start <= maxnumber; start += BATCH) {
      const numbers = [];
      for (let n = start; n < start + BATCH && n <= maxnumber; n++) numbers.push(n);
      const hashes = await Promise.all(
        numbers.map((n) => crypto.subtle.digest('SHA-256', encoder.encode(salt + n))),
      );
      const found = hashes.findIndex((h) => hex(h) === challenge);
      if (found >= 0) return numbers[found];
    }
    return null;
  }

  for (const box of document.querySelectorAll('[data-captcha-pow]')) {
    const picture = box.closest('[data-captcha]')?.querySelector('[data-captcha-image]');
    const status = box.querySelector('[data-captcha-status]');
    const form = box.closest('form');
    const say = (text) => {
      if (status) status.textContent = text || '';
    };
    if (!window.crypto?.subtle) {
      if (!picture) say(box.dataset.textFailed);
      continue;
    }
    let pending = true;
    let submitWhenDone = false;
    // A click on «Далее» while the work runs submits as soon as it is done.
    form?.addEventListener('submit', (event) => {
      if (!pending) return;
      event.preventDefault();
      submitWhenDone = true;
    });
    const giveUp = () => {
      pending = false;
      if (!picture) return say(box.dataset.textFailed);
      picture.hidden = false;
      box.hidden = true;
    };
    if (picture) picture.hidden = true;
    box.hidden = false;
    say(box.dataset.textWorking);
    solve(box.dataset.challenge, box.dataset.salt, Number(box.dataset.maxnumber)).then((number) => {
      if (number === null) return giveUp();
      for (const input of picture?.querySelectorAll('input') ?? []) input.disabled = true;
      for (const input of box.querySelectorAll('input')) input.disabled = false;
      box.querySelector('input[name="captcha"]').value = String(number);
      pending = false;
      say(box.dataset.textDone);
      if (submitWhenDone) form?.requestSubmit();
    }, giveUp);
  }
})();

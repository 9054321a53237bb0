// Solves the proof-of-work captcha (ALTCHA v1) of captchaField(): finds n with hex(SHA-256(salt + n))
// === challenge via Web Crypto, fills the hidden inputs, swaps the picture out. Without Web Crypto
// (plain HTTP) or on failure the picture is shown: its <img> waits in <noscript> (a browser doing
// the work never fetches it) and is built from data-src. Keep the loop identical to solvePow().
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
    let pending = Boolean(window.crypto?.subtle);
    let submitWhenDone = false;
    const giveUp = () => {
      pending = false;
      if (!picture) return say(box.dataset.textFailed);
      const d = picture.dataset;
      const img = d.src && !picture.querySelector('img') && document.createElement('img');
      if (img) picture.querySelector('noscript')?.replaceWith(Object.assign(img, { src: d.src, alt: d.alt }));
      picture.hidden = false;
      box.hidden = true;
    };
    if (!pending) giveUp();
    // A click on «Далее» while the work runs submits as soon as it is done.
    form?.addEventListener('submit', (event) => {
      if (!pending) return;
      event.preventDefault();
      submitWhenDone = true;
    });
    if (!pending) continue;
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

// The as-you-type login check of the registration form: asks the server whether the typed
// login is free and shows its answer under the field. The form works without this script; the
// server checks again on submit.
(() => {
  const input = document.getElementById('login');
  const status = document.getElementById('login-status');
  const url = input?.dataset.checkUrl;
  if (!input || !status || !url) return;
  let timer = 0;
  let asked = '';
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const login = input.value.trim();
      if (login === '' || login === asked) return;
      asked = login;
      try {
        const res = await fetch(`${url}&login=${encodeURIComponent(login)}`, {
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
        });
        const answer = await res.json();
        if (input.value.trim() !== login) return;
        status.textContent = answer.message ?? '';
        status.hidden = status.textContent === '';
        status.className = answer.available ? 'hint login-free' : 'field-error';
      } catch {
        status.hidden = true;
      }
    }, 350);
  });
})();

// The strength meter of «Новый пароль» in the registration through Gosuslugi: a rough guide as
// the person types (length and kinds of characters). The server checks the realm's policy.
(() => {
  const input = document.getElementById('password');
  const meter = document.getElementById('strength');
  const label = document.getElementById('strength-label');
  if (!input || !meter || !label) return;
  const names = ['', 'Слабый', 'Средний', 'Хороший', 'Отличный'];
  input.addEventListener('input', () => {
    const v = input.value;
    let score = 0;
    if (v.length >= 8) score++;
    if (v.length >= 12) score++;
    if (/[a-zа-яё]/.test(v) && /[A-ZА-ЯЁ]/.test(v)) score++;
    if (/\d/.test(v) && /[^\p{L}\d]/u.test(v)) score++;
    if (v.length > 0 && score === 0) score = 1;
    meter.value = score;
    label.textContent = names[score];
  });
})();

// Passkeys (WebAuthn) for the pages that offer them: «Настройки» (add one) and the sign-in's
// second step (use one). The server issues the options (POST with the page's CSRF token) and
// checks the answer, which is posted as an ordinary form so the page that follows is the
// server's. Without WebAuthn the blocks stay hidden.
(() => {
  if (!window.PublicKeyCredential || !navigator.credentials) return;
  const toBuffer = (text) => {
    let s = text.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  };
  const toText = (buffer) => {
    let s = '';
    for (const byte of new Uint8Array(buffer)) s += String.fromCharCode(byte);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const post = (url, fields) =>
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields).toString(),
    });
  const submit = (action, fields) => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = action;
    for (const [name, value] of Object.entries(fields)) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  };
  const failed = (box) => {
    const error = box.querySelector('.passkey-error');
    if (error) error.hidden = false;
  };

  for (const box of document.querySelectorAll('[data-passkey-create]')) {
    box.hidden = false;
    const csrf = (box.querySelector('input[name=_csrf]') || document.querySelector('input[name=_csrf]'))
      .value;
    box.querySelector('.passkey-button').addEventListener('click', async () => {
      try {
        const name = box.querySelector('input[name=name]').value;
        const answer = await post(box.dataset.passkeyCreate, { _csrf: csrf, name });
        const body = await answer.json();
        if (!answer.ok) {
          const error = box.querySelector('.passkey-error');
          error.textContent = body.message;
          error.hidden = false;
          return;
        }
        const o = body.options;
        const created = await navigator.credentials.create({
          publicKey: {
            ...o,
            challenge: toBuffer(o.challenge),
            user: { ...o.user, id: toBuffer(o.user.id) },
            excludeCredentials: (o.excludeCredentials || []).map((c) => ({ ...c, id: toBuffer(c.id) })),
          },
        });
        const credential = {
          id: created.id,
          rawId: toText(created.rawId),
          type: created.type,
          authenticatorAttachment: created.authenticatorAttachment || undefined,
          clientExtensionResults: created.getClientExtensionResults(),
          response: {
            clientDataJSON: toText(created.response.clientDataJSON),
            attestationObject: toText(created.response.attestationObject),
            transports: created.response.getTransports ? created.response.getTransports() : [],
          },
        };
        submit(box.dataset.passkeyFinish, {
          _csrf: csrf,
          flow: body.flow,
          credential: JSON.stringify(credential),
        });
      } catch {
        failed(box);
      }
    });
  }

  for (const box of document.querySelectorAll('[data-passkey-get]')) {
    box.hidden = false;
    const csrf = (box.querySelector('input[name=_csrf]') || document.querySelector('input[name=_csrf]'))
      .value;
    box.querySelector('.passkey-button').addEventListener('click', async () => {
      try {
        const answer = await post(`${box.dataset.passkeyGet}/options`, { _csrf: csrf });
        if (!answer.ok) return failed(box);
        const body = await answer.json();
        const o = body.options;
        const got = await navigator.credentials.get({
          publicKey: {
            ...o,
            challenge: toBuffer(o.challenge),
            allowCredentials: (o.allowCredentials || []).map((c) => ({ ...c, id: toBuffer(c.id) })),
          },
        });
        const credential = {
          id: got.id,
          rawId: toText(got.rawId),
          type: got.type,
          authenticatorAttachment: got.authenticatorAttachment || undefined,
          clientExtensionResults: got.getClientExtensionResults(),
          response: {
            clientDataJSON: toText(got.response.clientDataJSON),
            authenticatorData: toText(got.response.authenticatorData),
            signature: toText(got.response.signature),
            userHandle: got.response.userHandle ? toText(got.response.userHandle) : undefined,
          },
        };
        const fields = { _csrf: csrf, credential: JSON.stringify(credential) };
        if (body.flow) fields.flow = body.flow;
        submit(box.dataset.passkeyGet, fields);
      } catch {
        failed(box);
      }
    });
  }
})();

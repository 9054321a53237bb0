// Signing with NCALayer (the Kazakh ЭЦП application on the person's computer) from a form
// marked `data-ncalayer`: the server issues what is to be signed (a one-time challenge, or the
// statement), NCALayer signs it with a key the person picks (kz.gov.pki.knca.basics `sign`; the
// older commonUtils.createCAdESFromBase64 when basics is not there), and the form is sent with
// the CMS. Without NCALayer the page says so; a cancel in NCALayer's dialog says that.
(() => {
  const form = document.querySelector('form[data-ncalayer]');
  if (!form) return;
  const status = document.getElementById('signature-status');
  const warning = document.getElementById('consents-warning');
  const boxes = Array.from(form.querySelectorAll('input[type=checkbox][name^=consent_]'));
  const ticked = () => boxes.every((b) => b.checked);
  const showWarning = () => {
    if (warning) warning.hidden = ticked();
  };
  for (const box of boxes) box.addEventListener('change', showWarning);
  showWarning();

  const say = (text) => {
    status.textContent = text;
    status.hidden = !text;
  };

  /** One socket to NCALayer: resolves after its greeting, rejects when nobody listens. */
  function connect(url) {
    return new Promise((resolve, reject) => {
      let socket;
      try {
        socket = new WebSocket(url);
      } catch (err) {
        reject(err);
        return;
      }
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error('timeout'));
      }, 5000);
      socket.onerror = () => {
        clearTimeout(timer);
        reject(new Error('unreachable'));
      };
      socket.onmessage = () => {
        // The first frame is NCALayer's greeting ({"result":{"version":…}}).
        clearTimeout(timer);
        socket.onerror = null;
        resolve(socket);
      };
    });
  }

  function ask(socket, request) {
    return new Promise((resolve, reject) => {
      socket.onmessage = (event) => {
        try {
          resolve(JSON.parse(event.data));
        } catch (err) {
          reject(err);
        }
      };
      socket.onclose = () => reject(new Error('closed'));
      socket.send(JSON.stringify(request));
    });
  }

  async function sign(socket, data, purpose) {
    const oids = purpose === 'sign' ? ['1.3.6.1.5.5.7.3.4'] : ['1.3.6.1.5.5.7.3.2'];
    const basics = await ask(socket, {
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        allowedStorages: null,
        format: 'cms',
        data,
        signingParams: { decode: true, encapsulate: true },
        signerParams: { extKeyUsageOids: oids },
        locale: document.documentElement.lang === 'kk' ? 'kk' : 'ru',
      },
    });
    if (basics.status === true) {
      const result = basics.body?.result;
      return result ? { cms: Array.isArray(result) ? result[0] : result } : { cancelled: true };
    }
    // An NCALayer without the basics module: the older commonUtils.
    const common = await ask(socket, {
      module: 'kz.gov.pki.knca.commonUtils',
      method: 'createCAdESFromBase64',
      args: ['PKCS12', purpose === 'sign' ? 'SIGNATURE' : 'AUTHENTICATION', data, true],
    });
    if (common.code === '200') return { cms: common.responseObject };
    if (common.message === 'action.canceled') return { cancelled: true };
    return { error: common.message || basics.message || '' };
  }

  form.addEventListener('submit', async (event) => {
    if (form.elements.cms.value) return; // signed: let it go
    event.preventDefault();
    if (!ticked()) {
      showWarning();
      return;
    }
    say('');
    let socket;
    try {
      socket = await connect(form.dataset.ncalayer);
    } catch {
      say(status.dataset.noNcalayer);
      return;
    }
    try {
      const body = new URLSearchParams(new FormData(form));
      const response = await fetch(form.dataset.challenge, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
      const issued = await response.json();
      if (!response.ok) {
        say(issued.message || '');
        return;
      }
      status.className = 'notice notice-info';
      say(status.dataset.connecting);
      const signed = await sign(socket, issued.data, issued.purpose);
      status.className = 'notice notice-error';
      if (signed.cancelled) {
        say(status.dataset.cancelled);
        return;
      }
      if (!signed.cms) {
        say(status.dataset.error.replace('{details}', signed.error || ''));
        return;
      }
      say('');
      form.elements.flow.value = issued.flow;
      form.elements.cms.value = signed.cms;
      form.submit();
    } catch {
      status.className = 'notice notice-error';
      say(status.dataset.noNcalayer);
    } finally {
      socket.close();
    }
  });
})();

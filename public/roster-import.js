// Roster import in the curator desk: sends the chosen file as it is (UTF-8 or Windows-1251, the
// server decides), then imports batch by batch and moves the progress bar. Without this script
// the forms still work: the pasted text is checked, and one request imports everything.
(() => {
  const upload = document.querySelector('form.roster-upload');
  if (upload) {
    upload.addEventListener('submit', async (event) => {
      const input = upload.querySelector('input[type=file]');
      const file = input?.files?.[0];
      if (!file) return;
      event.preventDefault();
      const csrf = upload.querySelector('input[name=_csrf]').value;
      const create = upload.querySelector('input[name=create_classes]').checked ? '1' : '';
      const params = new URLSearchParams({ _csrf: csrf, name: file.name, create_classes: create });
      const response = await fetch(`${upload.dataset.upload}?${params}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: await file.arrayBuffer(),
        credentials: 'same-origin',
        redirect: 'follow',
      });
      if (response.redirected) {
        location.href = response.url;
        return;
      }
      document.open();
      document.write(await response.text());
      document.close();
    });
  }
  const run = document.querySelector('form.roster-run');
  if (run) {
    run.addEventListener('submit', async (event) => {
      event.preventDefault();
      const bar = run.querySelector('progress');
      const button = run.querySelector('button');
      button.disabled = true;
      const csrf = run.querySelector('input[name=_csrf]').value;
      for (let n = Number(bar.value); ; n++) {
        const response = await fetch(run.dataset.batch, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ _csrf: csrf, n: String(n) }),
          credentials: 'same-origin',
        });
        if (!response.ok) break;
        const progress = await response.json();
        bar.value = progress.done;
        bar.textContent = `${progress.done} / ${progress.total}`;
        if (progress.finished) break;
      }
      // The finished report opens at its top, its result in view: a reload would put back the
      // scroll, after the page has loaded and under a focus the keyboard may have moved already.
      history.scrollRestoration = 'manual';
      location.reload();
    });
  }
})();

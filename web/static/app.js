// The workbench's only script of its own. It keeps the API key for this browser session, sends it with
// every htmx request, and draws the charts a fragment describes. No framework, no build step.
(() => {
  const KEY = 'gep-api-key';
  const key = () => sessionStorage.getItem(KEY) ?? '';

  function showKeyState() {
    const out = document.getElementById('key-state');
    if (out) out.textContent = key() ? out.dataset.saved : out.dataset.none;
  }

  document.addEventListener('htmx:configRequest', (e) => {
    if (key()) e.detail.headers.Authorization = `Bearer ${key()}`;
    e.detail.headers['Accept-Language'] = document.body.dataset.lang === 'en' ? 'en' : 'zh-CN';
  });

  // A chart is a <figure class="chart"> holding a <div class="chart-box"> and its ECharts option as JSON
  // in <script type="application/json" class="chart-option"> (data, not code: the CSP runs no inline script).
  function drawCharts(root) {
    if (!window.echarts) return;
    for (const fig of root.querySelectorAll('figure.chart')) {
      const box = fig.querySelector('.chart-box');
      const opt = fig.querySelector('script.chart-option');
      if (!box || !opt || box.dataset.drawn) continue;
      box.dataset.drawn = '1';
      const chart = window.echarts.init(box, null, { renderer: 'svg' });
      chart.setOption(JSON.parse(opt.textContent));
      new ResizeObserver(() => chart.resize()).observe(box);
    }
  }

  // What the page shows from the store loads again with the new key (hx-trigger="gep:key from:body").
  function keyChanged() {
    document.body.dispatchEvent(new CustomEvent('gep:key'));
  }

  // A report link (<a data-download>) with a key in the session: fetched with the key, saved under the server's
  // file name. Without a key the link is followed as it is (reads are open, or the server says a key is needed).
  document.addEventListener('click', async (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[data-download]') : null;
    if (!a || !key()) return;
    e.preventDefault();
    const state = a.closest('.downloads')?.querySelector('.download-state');
    if (state) state.textContent = '';
    const r = await fetch(a.href, { headers: { Authorization: `Bearer ${key()}` } });
    if (!r.ok) {
      if (state) state.textContent = (a.dataset.failed ?? '{status}').replace('{status}', String(r.status));
      return;
    }
    const name = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') ?? '')?.[1] ?? a.getAttribute('download') ?? 'report';
    const url = URL.createObjectURL(await r.blob());
    const save = document.createElement('a');
    save.href = url;
    save.download = name;
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });

  document.addEventListener('DOMContentLoaded', () => {
    showKeyState();
    const form = document.getElementById('key-form');
    form?.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = form.elements.key.value.trim();
      if (v) sessionStorage.setItem(KEY, v);
      form.elements.key.value = '';
      showKeyState();
      keyChanged();
    });
    document.getElementById('key-forget')?.addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      showKeyState();
      keyChanged();
    });
    drawCharts(document);
  });
  document.addEventListener('htmx:afterSettle', (e) => drawCharts(e.target));
})();

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

  document.addEventListener('DOMContentLoaded', () => {
    showKeyState();
    const form = document.getElementById('key-form');
    form?.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = form.elements.key.value.trim();
      if (v) sessionStorage.setItem(KEY, v);
      form.elements.key.value = '';
      showKeyState();
    });
    document.getElementById('key-forget')?.addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      showKeyState();
    });
    drawCharts(document);
  });
  document.addEventListener('htmx:afterSettle', (e) => drawCharts(e.target));
})();

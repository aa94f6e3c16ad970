import { describe, expect, it } from 'vitest';
import { IssuesError } from '../engine/core/errors.ts';
import { withoutServices } from '../engine/model/without-services.ts';
import { runAccount } from '../lib/run.ts';
import { runUncertainty } from '../lib/uncertainty.ts';
import { loadModel } from '../models/load.ts';
import { htmlReport } from '../reports/html.ts';
import { gep } from './helpers/gep-cli.ts';
import { publishedDir } from './replication/published.ts';

describe('dataset.yaml not_accounted', () => {
  const model = loadModel('cn-gep-2022@1.1.0');

  it('leaves the services out of the model and keeps them with their reasons', () => {
    const m = withoutServices(model, { landscape_premium: 'not in the paper' }, 'd/dataset.yaml');
    expect(m.services.map((s) => s.id)).not.toContain('landscape_premium');
    expect(m.services).toHaveLength(model.services.length - 1);
    expect(m.notAccounted).toEqual([{ service: 'landscape_premium', reason: 'not in the paper' }]);
  });

  it('refuses an unknown service, naming the file and suggesting the near name', () => {
    let err: unknown;
    try {
      withoutServices(model, { landscape_premum: 'x' }, 'd/dataset.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IssuesError);
    expect((err as IssuesError).issues[0]!.message).toBe(
      'd/dataset.yaml, not_accounted.landscape_premum: the model cn-gep-2022@1.1.0 has no service "landscape_premum" (did you mean "landscape_premium"?)',
    );
  });

  it('gep validate lists the services not accounted and the parts a given value makes unnecessary', async () => {
    const r = await gep('validate', '-m', 'cn-gep-2022@1.1.0', publishedDir('baiyangdian-2011'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('note: landscape_premium is not accounted (dataset.yaml not_accounted): not among the final services');
    expect(r.stdout).toContain('note: lake_area is not needed: only flood_regulation.lake_storage reads it');
  });

  it('the HTML report names the services not accounted, and shows an absent physical value as — with a footnote', () => {
    const run = runAccount({ model: 'cn-gep-2022@1.1.0', dataset: publishedDir('garze-2010'), trace: false });
    const html = htmlReport(run, 'en');
    expect(html).toContain('<dt>Not accounted</dt><dd><code>landscape_premium</code>');
    expect(html).toContain('<td class="n">— ¶</td>'); // crop_products: a given net output value, no quantity
    expect(html).toContain('¶ The service&#39;s money value is given by the dataset');
  });

  it('Monte Carlo measures no physical value for a service whose money value alone is given, and no service not accounted', async () => {
    const u = await runUncertainty({ model: 'cn-gep-2022@1.1.0', dataset: publishedDir('garze-2010'), draws: 2, seed: 1 });
    const ids = u.measured.map((m) => m.id);
    expect(ids).toContain('crop_products|money');
    expect(ids).not.toContain('crop_products|physical'); // a given net output value, no quantity
    expect(ids).toContain('water_supply|physical');
    expect(ids.some((id) => id.startsWith('landscape_premium'))).toBe(false);
  });
});

import { execFileSync } from 'node:child_process';
import { type CfnTemplate, synthesizedTemplate } from '../../local/template';

/**
 * Issue 22: every CloudWatch dashboard widget and alarm names a metric the code emits, with the
 * dimensions it emits. What the code emits is read from the code at work, not from a list: a fresh
 * process (emitted-metrics-probe.ts) runs a short real workload on the local stack with Powertools
 * Metrics on (an order climbing the ladder, a day's figures rolled up and published as the nightly
 * Lambda does) and prints the embedded-metric-format lines the handlers and jobs write; the test
 * reads every metric of the synthesized template against them. AWS's own namespaces (`AWS/...`)
 * are AWS's to emit and are not ours to check.
 */
interface Emitted {
  namespace: string;
  name: string;
  /** The dimension names of one EMF dimension set, sorted. */
  dimensions: string[];
  values: Record<string, string>;
}

interface Referenced {
  where: string;
  namespace: string;
  name: string;
  dimensions: Record<string, unknown>;
}

let emitted: Emitted[];
beforeAll(() => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/local/emitted-metrics-probe.ts'], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  emitted = emfMetrics(out);
}, 300_000);

test('the workload emits the figures and the ladder’s counts (the probe itself works)', () => {
  const names = new Set(emitted.map((m) => m.name));
  for (const name of ['Requests', 'OnTimeRate', 'SatisfactionRate', 'Level1Escalations', 'Level3Escalations'])
    expect([name, names.has(name)]).toEqual([name, true]);
});

test('every dashboard widget and alarm of the template names a metric the code emits, with its dimensions', () => {
  const template = synthesizedTemplate();
  const referenced = metricsOf(template);
  expect(referenced.filter((r) => !r.namespace.startsWith('AWS/')).length).toBeGreaterThan(10);
  expect(mismatches(referenced, emitted)).toEqual([]);
});

test('a widget with a misspelt metric, a wrong court or a dimension too few, and an alarm likewise, are found', () => {
  const template = structuredClone(synthesizedTemplate());
  const [dashboardId, dashboard] = Object.entries(template.Resources).find(
    ([, r]) => r.Type === 'AWS::CloudWatch::Dashboard',
  )!;
  const parts: unknown[] = dashboard.Properties.DashboardBody['Fn::Join'][1];
  const body = parts.map((p) =>
    typeof p === 'string'
      ? p
          .replace('"OnTimeRate","court","赣"', '"OnTimRate","court","赣"')
          .replace('"Requests","court","赣"', '"Requests","court","赣99"')
          .replace('"SatisfactionRate","court","赣",', '"SatisfactionRate",')
      : p,
  );
  dashboard.Properties.DashboardBody['Fn::Join'][1] = body;
  const alarm = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.Namespace === 'Minyi',
  )!;
  alarm.Properties.Dimensions = [...alarm.Properties.Dimensions, { Name: 'court', Value: '赣' }];

  const found = mismatches(metricsOf(template), emitted);
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${dashboardId}.*Minyi OnTimRate \\{court,service\\}: not emitted`)),
      expect.stringMatching(/Minyi Requests court=赣99: no such value/),
      expect.stringMatching(/Minyi SatisfactionRate \{service\}: emitted only with \{court,service\}/),
      expect.stringMatching(/Minyi Level1Escalations \{court,service\}: emitted only with \{service\}/),
    ]),
  );
});

/** The metrics the EMF lines in `out` carry: one entry per metric and dimension set. */
function emfMetrics(out: string): Emitted[] {
  const found: Emitted[] = [];
  for (const line of out.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"_aws"')) continue;
    const doc = JSON.parse(line);
    for (const set of doc._aws.CloudWatchMetrics as Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string }>;
    }>)
      for (const metric of set.Metrics)
        for (const dims of set.Dimensions)
          found.push({
            namespace: set.Namespace,
            name: metric.Name,
            dimensions: [...dims].sort(),
            values: Object.fromEntries(dims.map((d) => [d, String(doc[d])])),
          });
  }
  return found;
}

/** Every metric a dashboard widget or an alarm of the template names. */
function metricsOf(template: CfnTemplate): Referenced[] {
  const out: Referenced[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const p = resource.Properties;
    if (resource.Type === 'AWS::CloudWatch::Alarm') {
      if (p.MetricName)
        out.push({
          where: id,
          namespace: p.Namespace,
          name: p.MetricName,
          dimensions: dimensionMap(p.Dimensions),
        });
      for (const query of p.Metrics ?? []) {
        const m = query.MetricStat?.Metric;
        if (m)
          out.push({
            where: id,
            namespace: m.Namespace,
            name: m.MetricName,
            dimensions: dimensionMap(m.Dimensions),
          });
        if (query.Expression) out.push(...fromExpression(`${id} ${query.Id}`, query.Expression));
      }
    }
    if (resource.Type === 'AWS::CloudWatch::Dashboard') {
      const body = JSON.parse(joined(p.DashboardBody));
      body.widgets.forEach((widget: { type: string; properties: { metrics?: unknown[][] } }, w: number) => {
        let previous: unknown[] = [];
        (widget.properties.metrics ?? []).forEach((row, r) => {
          const where = `${id} widget ${w} metric ${r}`;
          const options = row.at(-1);
          const hasOptions = typeof options === 'object' && options !== null;
          if (hasOptions && 'expression' in options) {
            out.push(...fromExpression(where, String((options as { expression: string }).expression)));
            return;
          }
          // "." repeats the row above at that place (CloudWatch's shorthand).
          const fields = (hasOptions ? row.slice(0, -1) : row).map((f, k) => (f === '.' ? previous[k] : f));
          previous = fields;
          if (fields.includes('...'))
            throw new Error(`${where}: "..." rows are not read here: write them out`);
          const [namespace, name, ...pairs] = fields as string[];
          const dimensions: Record<string, unknown> = {};
          for (let k = 0; k + 1 < pairs.length; k += 2) dimensions[pairs[k]!] = pairs[k + 1];
          out.push({ where, namespace: namespace!, name: name!, dimensions });
        });
      });
    }
  }
  return out;
}

/**
 * A metric-math expression names metrics of its own only through SEARCH('{Namespace,dim,...}
 * MetricName="X"'); anything else combines rows that are checked as rows.
 */
function fromExpression(where: string, expression: string): Referenced[] {
  const out: Referenced[] = [];
  for (const [, schema, rest] of expression.matchAll(/SEARCH\(\s*'\{([^}]*)\}([^']*)'/g)) {
    const [namespace, ...dims] = schema!.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
    const name = /MetricName\s*=\s*"?([\w.-]+)"?/.exec(rest!)?.[1];
    if (!name) throw new Error(`${where}: a SEARCH without MetricName="..." is not read here`);
    out.push({
      where,
      namespace: namespace!,
      name,
      dimensions: Object.fromEntries(dims.map((d) => [d, undefined])),
    });
  }
  return out;
}

/** What in `referenced` the code does not emit, one line each. */
function mismatches(referenced: Referenced[], code: Emitted[]): string[] {
  const problems: string[] = [];
  for (const r of referenced) {
    if (r.namespace.startsWith('AWS/')) continue;
    const names = Object.keys(r.dimensions).sort();
    const label = `${r.where}: ${r.namespace} ${r.name} {${names.join(',')}}`;
    const same = code.filter((m) => m.namespace === r.namespace && m.name === r.name);
    if (same.length === 0) {
      problems.push(`${label}: not emitted`);
      continue;
    }
    if (!same.some((m) => m.dimensions.join(',') === names.join(','))) {
      const sets = [...new Set(same.map((m) => `{${m.dimensions.join(',')}}`))].join(' or ');
      problems.push(`${label}: emitted only with ${sets}`);
      continue;
    }
    // A dimension's value must be one the code gives it (on any of our metrics: a rate is not
    // published for a court with nothing to rate that day, its counts are).
    for (const [dim, value] of Object.entries(r.dimensions)) {
      if (typeof value !== 'string') continue;
      const given = new Set(code.filter((m) => m.namespace === r.namespace).map((m) => m.values[dim]));
      if (!given.has(value))
        problems.push(`${r.where}: ${r.namespace} ${r.name} ${dim}=${value}: no such value`);
    }
  }
  return problems;
}

/** A CloudFormation string built with Fn::Join (the region and other tokens stand as placeholders). */
function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(separator);
}

function dimensionMap(dimensions: Array<{ Name: string; Value: unknown }> | undefined) {
  return Object.fromEntries((dimensions ?? []).map((d) => [d.Name, d.Value]));
}

import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, Metric, SingleValueWidget, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { Court } from '../../domain/courts';

export interface AuditorsDashboardProps {
  stage: string;
  /** The province and its intermediate courts: the `court` values the nightly rollup publishes. */
  courts: Court[];
}

/**
 * The auditors' dashboard: the figures the nightly rollup publishes (namespace Minyi, dimensions
 * service and court), for the province and each intermediate court. The exact figures, per day
 * and month and for every court, are the reports of the API; this is their trend at a glance.
 */
export class AuditorsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: AuditorsDashboardProps) {
    super(scope, id);
    const province = props.courts.find((c) => c.level === 'high')!;
    const metric = (name: string, court: string, statistic = 'Sum') =>
      new Metric({
        namespace: 'Minyi',
        metricName: name,
        dimensionsMap: { service: 'minyi', court },
        period: Duration.days(1),
        statistic,
      });
    const perCourt = (name: string, statistic: string) =>
      props.courts
        .filter((c) => c.level === 'intermediate')
        .map((c) => metric(name, c.code, statistic).with({ label: c.shortName }));

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `minyi-${props.stage}-figures`,
      defaultInterval: Duration.days(35),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# 民意中心 figures: ${province.name}\nDaily, from the nightly rollup (00:30 Asia/Shanghai). Exact monthly and daily figures per court: \`GET /v1/reports/monthly\` and \`/daily\`.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new SingleValueWidget({
        title: 'Yesterday, province',
        metrics: [
          metric('Requests', province.code),
          metric('OrdersCreated', province.code),
          metric('OrdersLate', province.code),
          metric('Level3Reached', province.code),
        ],
        width: 12,
        height: 4,
      }),
      new SingleValueWidget({
        title: 'Rates yesterday, province (%)',
        metrics: [
          metric('FirstContactResolutionRate', province.code, 'Average'),
          metric('OnTimeRate', province.code, 'Average'),
          metric('SatisfactionRate', province.code, 'Average'),
        ],
        width: 12,
        height: 4,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Requests and orders per day, province',
        left: [metric('Requests', province.code)],
        right: [metric('OrdersCreated', province.code)],
        width: 12,
      }),
      new GraphWidget({
        title: 'Rates per day, province (%)',
        left: [
          metric('FirstContactResolutionRate', province.code, 'Average'),
          metric('OnTimeRate', province.code, 'Average'),
          metric('SatisfactionRate', province.code, 'Average'),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'On-time rate per intermediate court (%)',
        left: perCourt('OnTimeRate', 'Average'),
        width: 12,
      }),
      new GraphWidget({
        title: 'Satisfaction per intermediate court (%)',
        left: perCourt('SatisfactionRate', 'Average'),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Orders late per intermediate court',
        left: perCourt('OrdersLate', 'Sum'),
        width: 12,
      }),
      new GraphWidget({
        title: 'Requests per intermediate court',
        left: perCourt('Requests', 'Sum'),
        width: 12,
      }),
    );
  }
}

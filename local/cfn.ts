/**
 * Reads values out of a synthesized CloudFormation template with local stand-ins, as a deployment
 * would resolve them: `Ref` of a pseudo parameter gives the partition's value, `Ref` of a resource
 * what `refs` says (else its logical id), `Fn::GetAtt` what `attributes` says (else
 * `<LogicalId.Attribute>`), and `Fn::Join` / `Fn::Select` / `Fn::Split` / `Fn::Sub` are evaluated.
 * Enough for a CSP, a callback URL or a policy's resource ARN; anything else is refused.
 */
export interface StandIns {
  region: string;
  /** `amazonaws.com`, or `amazonaws.com.cn` in the China partition. */
  urlSuffix: string;
  accountId?: string;
  /** What `Ref` of a resource stands for locally (a table's name). */
  refs?: Record<string, string>;
  /** What `Fn::GetAtt` of `LogicalId.Attribute` stands for locally (a table's ARN). */
  attributes?: Record<string, string>;
}

export function resolveCfn(value: unknown, at: StandIns): string {
  const out = resolve(value, at);
  if (Array.isArray(out)) throw new Error(`a list, not a string: ${JSON.stringify(value)}`);
  return out;
}

function resolve(value: unknown, at: StandIns): string | string[] {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => resolveCfn(v, at));
  if (value && typeof value === 'object') {
    const [[fn, arg]] = Object.entries(value as Record<string, unknown>) as [[string, unknown]];
    switch (fn) {
      case 'Ref':
        return pseudo(String(arg), at) ?? at.refs?.[String(arg)] ?? String(arg);
      case 'Fn::GetAtt': {
        const name = (arg as string[]).join('.');
        return at.attributes?.[name] ?? `<${name}>`;
      }
      case 'Fn::Sub':
        return String(typeof arg === 'string' ? arg : (arg as [string])[0]).replace(
          /\$\{([\w:.]+)\}/g,
          (_, name: string) => pseudo(name, at) ?? at.refs?.[name] ?? at.attributes?.[name] ?? `<${name}>`,
        );
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((p) => resolveCfn(p, at)).join(separator);
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return resolveCfn(source, at).split(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        const items = resolve(list, at);
        return (Array.isArray(items) ? items : [items])[Number(index)] ?? '';
      }
    }
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

function pseudo(name: string, at: StandIns): string | undefined {
  return {
    'AWS::Region': at.region,
    'AWS::URLSuffix': at.urlSuffix,
    'AWS::AccountId': at.accountId ?? '123456789012',
    'AWS::Partition': at.urlSuffix.endsWith('.cn') ? 'aws-cn' : 'aws',
  }[name];
}

/**
 * Reads values out of a synthesized CloudFormation template with local stand-ins, as a deployment
 * would resolve them: `Ref` of a pseudo parameter gives the partition's value, `Ref` of a resource
 * its logical id, `Fn::GetAtt` `<LogicalId.Attribute>`, and `Fn::Join` / `Fn::Select` are
 * evaluated. Enough for strings such as a CSP or a callback URL; anything else is refused.
 */
export interface StandIns {
  region: string;
  /** `amazonaws.com`, or `amazonaws.com.cn` in the China partition. */
  urlSuffix: string;
  accountId?: string;
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
        return pseudo(String(arg), at) ?? String(arg);
      case 'Fn::GetAtt':
        return `<${(arg as string[]).join('.')}>`;
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

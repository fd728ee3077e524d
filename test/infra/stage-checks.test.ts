import { loadConfig, type StageConfig } from '../../infra/config';
import { checkStage, issuerProblem, stageProblems } from '../../infra/stage-checks';

/** The stage checks run before any synth: pure, no CDK app. */
const stage = (context: Record<string, unknown>): StageConfig => loadConfig((key) => context[key]);
const realChina = { stage: 'prod', jwtIssuer: 'https://idp.jxfy-court.cn', webCertificateId: 'ASCAQEXAMPLE' };

test('prod as the repo ships it fails, naming the placeholder issuer and the missing certificate', () => {
  const prod = () => checkStage(stage({ stage: 'prod' }));
  expect(prod).toThrow(/^stage prod \(cn-north-1\) cannot be synthesized:/);
  expect(prod).toThrow(/the OIDC issuer https:\/\/sso\.jxfy\.example\.cn is a placeholder/);
  expect(prod).toThrow(/-c webCertificateId=/);
});

test('prod with a real issuer and its IAM certificate passes, in both China regions', () => {
  expect(stageProblems(stage(realChina))).toEqual([]);
  expect(stageProblems(stage({ ...realChina, region: 'cn-northwest-1' }))).toEqual([]);
});

test('China refuses tracing, arm64 and a runtime off its allow-list', () => {
  const china = stage(realChina);
  expect(stageProblems({ ...china, tracing: true })).toEqual([expect.stringContaining('X-Ray')]);
  expect(stageProblems({ ...china, lambda: { runtime: 'nodejs22.x', architecture: 'arm64' } })).toEqual([
    expect.stringContaining('architecture arm64 is not on the aws-cn allow-list'),
  ]);
  expect(stageProblems({ ...china, lambda: { runtime: 'nodejs24.x', architecture: 'x86_64' } })).toEqual([
    expect.stringContaining('runtime nodejs24.x is not on the aws-cn allow-list'),
  ]);
});

test('the global dev stage moved to a China region is refused, not silently changed', () => {
  const problems = stageProblems(stage({ region: 'cn-north-1' }));
  expect(problems.join('\n')).toMatch(/arm64[\s\S]*X-Ray[\s\S]*OIDC issuer is required[\s\S]*ICP/);
});

test('the global dev stage passes as shipped (Cognito, arm64, tracing)', () => {
  expect(stageProblems(stage({}))).toEqual([]);
});

test.each([
  ['https://sso.jxfy.example.cn', 'is a placeholder'],
  ['https://idp.example.com/realms/x', 'is a placeholder'],
  ['https://sso.courts.test', 'is a placeholder'],
  ['http://idp.jxfy-court.cn', 'is not https'],
  ['not a url', 'is not a URL'],
  ['https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_abc', null],
  ['https://idp.jxfy-court.cn/realms/minyi', null],
])('issuer %s: %s', (issuer, problem) => {
  expect(issuerProblem(issuer)).toBe(problem);
});

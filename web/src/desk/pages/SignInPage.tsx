import { useId, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { PagesConfig } from '../../shared/config';
import { ROLE, UNIT } from '../../shared/labels';
import { CourtPicker } from '../CourtPicker';
import type { Courts } from '../context';
import { type Person, ROLES, type Role, signInLocally, startOidcSignIn, type Unit } from '../session';
import { Button, CheckedForm, Field, Notice, Panel, useRequired } from '../ui';

/** Locally: choose a role, a court and a name. On AWS: the identity provider (code + PKCE). */
export default function SignInPage({
  config,
  courts,
  onSignedIn,
}: {
  config: PagesConfig;
  courts: Courts;
  onSignedIn: (p: Person) => void;
}) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [role, setRole] = useState<Role>('agent');
  const courtId = useId();
  const { errors, check } = useRequired({ name: '请输入姓名' });
  const next = params.get('next') ?? '/desk/';
  const go = (p: Person) => {
    onSignedIn(p);
    navigate(next.startsWith('/desk') ? next.slice('/desk'.length) || '/' : '/', { replace: true });
  };

  return (
    <div
      style={{
        display: 'flex',
        justifyContent: 'center',
        paddingTop: 80,
        background: '#f5f5f5',
        minHeight: '100vh',
      }}
    >
      <Panel title="民意中心工作台 · 登录" style={{ width: 420, height: 'fit-content' }}>
        {config.auth.mode === 'oidc' ? (
          <Button
            kind="primary"
            block
            onClick={() => startOidcSignIn(config, next).catch((e) => setError(String(e)))}
          >
            使用统一身份认证登录
          </Button>
        ) : (
          <CheckedForm
            check={check}
            onValues={async (v) => {
              setError(null);
              // Only a court's own staff belong to its supervision office.
              const unit =
                (role === 'handler' || role === 'supervisor') && v.unit ? (v.unit as Unit) : undefined;
              try {
                go(await signInLocally(role, v.court ?? '', (v.name ?? '').trim(), unit));
              } catch (e) {
                setError(e instanceof Error ? e.message : String(e));
              }
            }}
          >
            <Notice type="info" title="本地环境：选择角色、法院和姓名即可登录" />
            <Field label="角色">
              <select
                className="desk-input"
                aria-label="角色"
                name="role"
                value={role}
                onChange={(e) => setRole(e.target.value as Role)}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE[r]}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="法院" htmlFor={courtId}>
              <CourtPicker
                id={courtId}
                label="法院"
                name="court"
                courts={courts.all}
                defaultValue={courts.all.find((c) => c.level === 'high')?.code}
              />
            </Field>
            {(role === 'handler' || role === 'supervisor') && (
              <Field label="部门" hint="投诉、“三个规定”报告由承办法院的监察室办理，本院其他人员看不到">
                <select className="desk-input" aria-label="部门" name="unit" defaultValue="">
                  <option value="">业务部门</option>
                  <option value="supervision">{UNIT.supervision}</option>
                </select>
              </Field>
            )}
            <Field label="姓名" error={errors.name}>
              <input
                className="desk-input"
                aria-label="姓名"
                name="name"
                maxLength={32}
                aria-invalid={errors.name ? true : undefined}
              />
            </Field>
            <Button kind="primary" type="submit" block>
              登录
            </Button>
          </CheckedForm>
        )}
        {error && <Notice type="error" title={error} style={{ marginTop: 16 }} />}
      </Panel>
    </div>
  );
}

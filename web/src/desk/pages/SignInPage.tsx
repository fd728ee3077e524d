import { Alert, Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { PagesConfig } from '../../shared/config';
import { ROLE, UNIT } from '../../shared/labels';
import type { Courts } from '../context';
import { type Person, ROLES, type Role, signInLocally, startOidcSignIn, type Unit } from '../session';

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
  const [form] = Form.useForm<{ role: Role; court: string; name: string; unit: Unit | '' }>();
  const role = Form.useWatch('role', form);
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
      <Card title="民意中心工作台 · 登录" style={{ width: 420, height: 'fit-content' }}>
        {config.auth.mode === 'oidc' ? (
          <Button
            type="primary"
            block
            onClick={() => startOidcSignIn(config, next).catch((e) => setError(String(e)))}
          >
            使用统一身份认证登录
          </Button>
        ) : (
          <Form
            form={form}
            layout="vertical"
            initialValues={{
              role: 'agent',
              court: courts.all.find((c) => c.level === 'high')?.code,
              unit: '',
            }}
            onFinish={async (v) => {
              setError(null);
              // Only a court's own staff belong to its supervision office.
              const unit = (v.role === 'handler' || v.role === 'supervisor') && v.unit ? v.unit : undefined;
              try {
                go(await signInLocally(v.role, v.court, v.name.trim(), unit));
              } catch (e) {
                setError(e instanceof Error ? e.message : String(e));
              }
            }}
          >
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title="本地环境：选择角色、法院和姓名即可登录"
            />
            <Form.Item label="角色" name="role" rules={[{ required: true }]}>
              <Select aria-label="角色" options={ROLES.map((r) => ({ value: r, label: ROLE[r] }))} />
            </Form.Item>
            <Form.Item label="法院" name="court" rules={[{ required: true }]}>
              <Select
                aria-label="法院"
                showSearch={{ optionFilterProp: 'label' }}
                options={courts.all.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
              />
            </Form.Item>
            {(role === 'handler' || role === 'supervisor') && (
              <Form.Item
                label="部门"
                name="unit"
                extra="投诉、“三个规定”报告由承办法院的监察室办理，本院其他人员看不到"
              >
                <Select
                  aria-label="部门"
                  options={[
                    { value: '', label: '业务部门' },
                    { value: 'supervision', label: UNIT.supervision },
                  ]}
                />
              </Form.Item>
            )}
            <Form.Item label="姓名" name="name" rules={[{ required: true, message: '请输入姓名' }]}>
              <Input aria-label="姓名" maxLength={32} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block>
              登录
            </Button>
          </Form>
        )}
        {error && <Alert type="error" title={error} style={{ marginTop: 16 }} />}
      </Card>
    </div>
  );
}

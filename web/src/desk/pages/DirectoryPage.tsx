import { Alert, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { CHANGE_KIND, DIRECTORY_ROLE, DIRECTORY_UNIT, LEVEL_NAME } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';

type Member = Schemas['StaffMember'];
type DirectoryCourt = Schemas['DirectoryCourt'];
type Change = Schemas['DirectoryChange'];

/**
 * The directory at run time (the center's administrators): one court at a time (`?court=` in the
 * URL), its people and who of them receives mail, the court's name and merger, and the latest
 * changes. Every change goes through the API, which records it and puts it in effect at once.
 */
export default function DirectoryPage() {
  const { api, courts } = useDesk();
  const [params, setParams] = useSearchParams();
  const code = params.get('court') ?? courts.all.find((c) => c.level === 'high')?.code ?? '';
  const [all, setAll] = useState<DirectoryCourt[]>([]);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [changes, setChanges] = useState<Change[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const listed: DirectoryCourt[] = [];
    let cursor: string | undefined;
    do {
      const { data } = await api.GET('/v1/admin/courts', { params: { query: { limit: 100, cursor } } });
      listed.push(...(data?.items ?? []));
      cursor = data?.nextCursor ?? undefined;
    } while (cursor);
    setAll(listed);
    const staff = await api.GET('/v1/admin/staff', { params: { query: { courtCode: code, limit: 100 } } });
    setMembers(staff.data?.items ?? []);
    if (!staff.data) setError(problemText(staff.error));
    const record = await api.GET('/v1/admin/changes', { params: { query: { limit: 20 } } });
    setChanges(record.data?.items ?? []);
  }, [api, code]);
  useEffect(() => {
    void reload();
  }, [reload]);

  /** Sends one change; says what happened, and shows the directory as it is now. */
  const send = async (call: Promise<{ data?: { change: Change | null }; error?: unknown }>, said: string) => {
    setError(null);
    setDone(null);
    const { data, error: refused } = await call;
    // No change record: what was sent is what the directory already said.
    if (data) setDone(data.change ? said : '与现有信息相同，未作变更');
    else setError(problemText(refused));
    await reload();
    return Boolean(data);
  };
  const staffChange = (body: Schemas['StaffChange'], said: string) =>
    send(api.POST('/v1/admin/staff', { body }), said);
  const courtChange = (body: Schemas['CourtChange'], said: string) =>
    send(api.POST('/v1/admin/courts', { body }), said);

  const court = all.find((c) => c.code === code);
  const nameOf = (c: string) => all.find((x) => x.code === c)?.shortName ?? courts.name(c);
  const [addForm] = Form.useForm();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 1100 }}>
      <Card title="人员与法院">
        <Space wrap>
          <span>法院</span>
          <Select
            aria-label="法院"
            style={{ width: 360 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={code}
            onChange={(c: string) => setParams({ court: c })}
            options={all.map((c) => ({
              value: c.code,
              label: `${c.name}（${c.code}）${c.mergedInto ? ' · 已合并' : ''}`,
            }))}
          />
          {court && <Tag>{LEVEL_NAME[court.level]}</Tag>}
          {court?.mergedInto && <Tag color="orange">已并入 {nameOf(court.mergedInto)}</Tag>}
        </Space>
        {error && <Alert type="error" title={error} style={{ marginTop: 16 }} />}
        {done && <Alert type="success" title={done} style={{ marginTop: 16 }} data-testid="directory-done" />}
      </Card>

      <Card title={`${court?.name ?? code} 的人员`} data-testid="staff">
        {members === null ? null : members.length === 0 ? (
          <p style={{ color: '#888' }}>暂无人员</p>
        ) : (
          <table className="desk-table">
            <thead>
              <tr>
                <th>姓名</th>
                <th>角色</th>
                <th>部门</th>
                <th>邮箱</th>
                <th>状态</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  <td>{DIRECTORY_ROLE[m.role]}</td>
                  <td>{m.unit ? DIRECTORY_UNIT[m.unit] : '业务部门'}</td>
                  <td>{m.email}</td>
                  <td>{m.active ? <Tag color="green">在岗</Tag> : <Tag>已停用</Tag>}</td>
                  <td>
                    {m.active ? (
                      <Button
                        size="small"
                        danger
                        aria-label={`停用 ${m.name}`}
                        onClick={() =>
                          staffChange({ action: 'deactivate', id: m.id }, `已停用 ${m.name}：不再接收邮件`)
                        }
                      >
                        停用
                      </Button>
                    ) : (
                      <Button
                        size="small"
                        aria-label={`恢复 ${m.name}`}
                        onClick={() =>
                          staffChange({ action: 'change', id: m.id, active: true }, `已恢复 ${m.name}`)
                        }
                      >
                        恢复
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {!court?.mergedInto && (
          <Form
            form={addForm}
            layout="inline"
            style={{ marginTop: 16, rowGap: 8 }}
            initialValues={{ role: 'handler', unit: '' }}
            onFinish={async (v: {
              name: string;
              email: string;
              role: Member['role'];
              unit: '' | 'supervision' | 'leadership';
            }) => {
              const ok = await staffChange(
                {
                  action: 'add',
                  court: code,
                  role: v.role,
                  unit: v.unit || null,
                  name: v.name.trim(),
                  email: v.email.trim(),
                },
                `已添加 ${v.name.trim()}：即时生效`,
              );
              if (ok) addForm.resetFields(['name', 'email']);
            }}
          >
            <Form.Item name="name" rules={[{ required: true, message: '请输入姓名' }]}>
              <Input aria-label="新人员姓名" placeholder="姓名" style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="email" rules={[{ required: true, message: '请输入邮箱' }]}>
              <Input aria-label="新人员邮箱" placeholder="邮箱" style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="role">
              <Select
                aria-label="新人员角色"
                style={{ width: 130 }}
                options={Object.entries(DIRECTORY_ROLE).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
            <Form.Item name="unit">
              <Select
                aria-label="新人员部门"
                style={{ width: 130 }}
                options={[
                  { value: '', label: '业务部门' },
                  ...Object.entries(DIRECTORY_UNIT).map(([value, label]) => ({ value, label })),
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              添加人员
            </Button>
          </Form>
        )}
      </Card>

      {court && !court.mergedInto && <CourtForms court={court} all={all} courtChange={courtChange} />}

      <Card title="最近变更" data-testid="changes">
        {changes.length === 0 ? (
          <p style={{ color: '#888' }}>暂无变更</p>
        ) : (
          <table className="desk-table">
            <thead>
              <tr>
                <th>时间</th>
                <th>操作人</th>
                <th>变更</th>
                <th>对象</th>
                <th>变更前 → 变更后</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.changeId}>
                  <td>{beijing(c.at)}</td>
                  <td>{c.by.sub}</td>
                  <td>{CHANGE_KIND[c.kind]}</td>
                  <td>{String(c.after.name ?? c.subject)}</td>
                  <td>
                    <Typography.Text type="secondary">{difference(c)}</Typography.Text>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </Space>
  );
}

const FIELD: Record<string, string> = {
  name: '名称',
  shortName: '简称',
  email: '邮箱',
  court: '法院',
  role: '角色',
  unit: '部门',
  active: '状态',
  mergedInto: '并入',
  code: '代码',
  parentCode: '上级法院',
  level: '级别',
};

/** A stored value as a person reads it: roles, units and states in Chinese. */
function shown(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return field === 'unit' ? '业务部门' : '—';
  if (field === 'role') return DIRECTORY_ROLE[value as Member['role']] ?? String(value);
  if (field === 'unit') return DIRECTORY_UNIT[value as 'supervision' | 'leadership'] ?? String(value);
  if (field === 'active') return value ? '在岗' : '已停用';
  if (field === 'level') return LEVEL_NAME[value as DirectoryCourt['level']] ?? String(value);
  return String(value);
}

/** The fields a change altered, as `字段：变更前 → 变更后` (an addition: what was added). */
function difference(c: Change): string {
  const fields = Object.keys(c.after).filter((k) => k in FIELD);
  if (!c.before)
    return ['name', 'email', 'court', 'role', 'unit', 'parentCode']
      .filter((k) => c.after[k] !== undefined)
      .map((k) => shown(k, c.after[k]))
      .join(' · ');
  const before = c.before;
  return fields
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(c.after[k] ?? null))
    .map((k) => `${FIELD[k]}：${shown(k, before[k])} → ${shown(k, c.after[k])}`)
    .join('；');
}

/** Renaming a court, merging it into another of its level, adding a court below it. */
function CourtForms({
  court,
  all,
  courtChange,
}: {
  court: DirectoryCourt;
  all: DirectoryCourt[];
  courtChange: (body: Schemas['CourtChange'], said: string) => Promise<boolean>;
}) {
  const peers = all.filter((c) => c.level === court.level && c.code !== court.code && !c.mergedInto);
  return (
    <Card title="法院信息">
      <Form
        layout="inline"
        style={{ rowGap: 8 }}
        key={`rename-${court.code}-${court.name}`}
        initialValues={{ name: court.name, shortName: court.shortName }}
        onFinish={(v: { name: string; shortName: string }) =>
          courtChange(
            { action: 'rename', code: court.code, name: v.name.trim(), shortName: v.shortName.trim() },
            `已更名为 ${v.name.trim()}：历史工单和统计数据不变`,
          )
        }
      >
        <Form.Item name="name" rules={[{ required: true, message: '请输入名称' }]}>
          <Input aria-label="法院名称" style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="shortName" rules={[{ required: true, message: '请输入简称' }]}>
          <Input aria-label="法院简称" style={{ width: 140 }} />
        </Form.Item>
        <Button htmlType="submit">更名</Button>
      </Form>
      {court.level !== 'high' && (
        <Form
          layout="inline"
          style={{ marginTop: 16 }}
          onFinish={(v: { into: string }) =>
            courtChange(
              { action: 'merge', code: court.code, into: v.into },
              '已合并：原有工单和统计数据保留，此后的新工单和邮件转至合并后的法院',
            )
          }
        >
          <Form.Item name="into" rules={[{ required: true, message: '请选择法院' }]}>
            <Select
              aria-label="并入法院"
              placeholder="并入法院"
              style={{ width: 300 }}
              showSearch={{ optionFilterProp: 'label' }}
              options={peers.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
            />
          </Form.Item>
          <Button danger htmlType="submit">
            合并
          </Button>
        </Form>
      )}
      {court.level !== 'basic' && (
        <Form
          layout="inline"
          style={{ marginTop: 16, rowGap: 8 }}
          onFinish={(v: { code: string; name: string; shortName: string }) =>
            courtChange(
              {
                action: 'add',
                code: v.code.trim(),
                name: v.name.trim(),
                shortName: v.shortName.trim(),
                parentCode: court.code,
              },
              `已新增 ${v.name.trim()}`,
            )
          }
        >
          <Form.Item name="code" rules={[{ required: true, message: '请输入代码' }]}>
            <Input aria-label="下级法院代码" placeholder="代码，如 赣1199" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, message: '请输入名称' }]}>
            <Input aria-label="下级法院名称" placeholder="名称" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="shortName" rules={[{ required: true, message: '请输入简称' }]}>
            <Input aria-label="下级法院简称" placeholder="简称" style={{ width: 120 }} />
          </Form.Item>
          <Button htmlType="submit">新增下级法院</Button>
        </Form>
      )}
    </Card>
  );
}

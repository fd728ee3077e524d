import { Button, Layout, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ROLE, UNIT } from '../shared/labels';
import { useDesk } from './context';
import type { Role } from './session';

/** Each role's menu: the jobs that role does, one page each (`center`: only for the center's own, court of the high court). */
const MENUS: Record<Role, { key: string; label: string; center?: true }[]> = {
  agent: [
    { key: '/intake', label: '受理诉求' },
    { key: '/inbox', label: '网上诉求' },
    { key: '/callbacks', label: '回访队列' },
    { key: '/returns', label: '退单审核' },
    { key: '/tokens', label: '窗口评价码' },
    { key: '/knowledge', label: '知识库' },
  ],
  handler: [{ key: '/orders', label: '本院工单' }],
  supervisor: [
    { key: '/orders', label: '辖区工单' },
    { key: '/extensions', label: '延期审批' },
    { key: '/late', label: '超期工单' },
    { key: '/supervision', label: '督办工单' },
    { key: '/figures', label: '统计报表' },
    { key: '/knowledge', label: '知识库' },
    { key: '/typical-cases', label: '典型案例' },
    { key: '/calendar', label: '工作日历', center: true },
    { key: '/ranking', label: '月度排名' },
  ],
  auditor: [
    { key: '/figures', label: '统计报表' },
    { key: '/ranking', label: '月度排名' },
    { key: '/orders', label: '工单查阅' },
  ],
  admin: [{ key: '/directory', label: '人员与法院' }],
};

export function DeskLayout({ children }: { children: ReactNode }) {
  const { person, courts, signOut } = useDesk();
  const navigate = useNavigate();
  const location = useLocation();
  const atCenter = courts.byCode.get(person.court)?.level === 'high';
  const items = MENUS[person.role].filter((i) => !i.center || atCenter);
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 24,
          paddingInline: 24,
          height: 56,
          lineHeight: 'normal',
        }}
      >
        <Typography.Text style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          民意中心工作台
        </Typography.Text>
        {/* Plain links, not antd's Menu: a role has a handful of pages, and the shell stays light. */}
        <nav style={{ display: 'flex', gap: 4, flex: 1, minWidth: 0 }}>
          {items.map((i) => (
            <Button
              key={i.key}
              type={i.key === selected ? 'primary' : 'text'}
              href={`/desk${i.key}`}
              style={i.key === selected ? undefined : { color: '#fff' }}
              onClick={(e) => {
                e.preventDefault();
                navigate(i.key);
              }}
            >
              {i.label}
            </Button>
          ))}
        </nav>
        <Space style={{ color: '#fff' }}>
          <span data-testid="who">
            {person.name} · {ROLE[person.role]}
            {person.unit ? `（${UNIT[person.unit]}）` : ''} · {courts.name(person.court)}
          </span>
          <Button size="small" onClick={signOut}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
    </Layout>
  );
}

import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ROLE, UNIT } from '../shared/labels';
import { useDesk } from './context';
import type { Role } from './session';
import { Button } from './ui';

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

/** The shell every desk page loads: plain header and links (desk.css), no component library. */
export function DeskLayout({ children }: { children: ReactNode }) {
  const { person, courts, signOut } = useDesk();
  const navigate = useNavigate();
  const location = useLocation();
  const atCenter = courts.byCode.get(person.court)?.level === 'high';
  const items = MENUS[person.role].filter((i) => !i.center || atCenter);
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;
  return (
    <div style={{ minHeight: '100vh' }}>
      <header className="desk-header">
        <span className="desk-title">民意中心工作台</span>
        <nav className="desk-nav">
          {items.map((i) => (
            <a
              key={i.key}
              href={`/desk${i.key}`}
              aria-current={i.key === selected ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(i.key);
              }}
            >
              {i.label}
            </a>
          ))}
        </nav>
        <div className="desk-who">
          <span data-testid="who">
            {person.name} · {ROLE[person.role]}
            {person.unit ? `（${UNIT[person.unit]}）` : ''} · {courts.name(person.court)}
          </span>
          <Button small onClick={signOut}>
            退出
          </Button>
        </div>
      </header>
      <main className="desk-content">{children}</main>
    </div>
  );
}

import { Alert, App, Button, Card, Empty, Input, List, Space, Tabs, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { CATEGORY } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';

type Case = Schemas['TypicalCase'];
type Status = 'nominated' | 'published' | 'rejected' | 'withdrawn';
const TABS: { key: Status; label: string }[] = [
  { key: 'nominated', label: '待审核' },
  { key: 'published', label: '已发布' },
  { key: 'rejected', label: '未采用' },
  { key: 'withdrawn', label: '已撤回' },
];

/**
 * 典型案例: the center reviews what supervisors nominated (a closed order, in the staff's words)
 * and publishes it to the citizens' page; a published case can start a knowledge-base entry, or
 * be withdrawn (撤回, with a reason: it leaves the citizens' page at once). Others see what was published. The tab is in the URL (`?status=`).
 */
export default function TypicalCasesPage() {
  const { api, person, courts } = useDesk();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const center = person.role === 'supervisor' && courts.byCode.get(person.court)?.parentCode === null;
  const [params, setParams] = useSearchParams();
  const status = (center ? params.get('status') : null) ?? (center ? 'nominated' : 'published');
  const [cases, setCases] = useState<Case[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    const { data, error: refused } = await api.GET('/v1/typical-cases', {
      params: { query: { status: status as Status, limit: 50 } },
    });
    if (data) setCases(data.items);
    else setError(problemText(refused));
  }, [api, status]);
  useEffect(() => {
    load();
  }, [load]);

  const decide = async (c: Case, approved: boolean) => {
    const { error: refused } = await api.POST('/v1/typical-cases/{caseId}/decision', {
      params: { path: { caseId: c.caseId } },
      body: { approved, note: notes[c.caseId] ?? '' },
    });
    if (refused) return message.error(problemText(refused));
    message.success(approved ? '已发布' : '已退回，不予发布');
    load();
  };
  const withdraw = async (c: Case) => {
    const { error: refused } = await api.POST('/v1/typical-cases/{caseId}/withdrawal', {
      params: { path: { caseId: c.caseId } },
      body: { reason: notes[c.caseId] ?? '' },
    });
    if (refused) return message.error(problemText(refused));
    message.success('已撤回，公众页面不再显示');
    load();
  };
  const seed = async (c: Case) => {
    const { data, error: refused } = await api.POST('/v1/knowledge', { body: { fromTypicalCase: c.caseId } });
    if (!data) return message.error(problemText(refused));
    message.success('已生成知识条目');
    navigate(`/knowledge?id=${data.knowledgeId}`);
  };

  const list = (
    <List
      dataSource={cases ?? []}
      loading={cases === null}
      locale={{ emptyText: <Empty description="暂无案例" /> }}
      renderItem={(c) => (
        <List.Item key={c.caseId} data-testid="typical-case">
          <Card
            style={{ width: '100%' }}
            size="small"
            title={c.title}
            extra={
              <Space>
                <Tag>{CATEGORY[c.category]}</Tag>
                <span>{c.courtName ?? '（不公开法院）'}</span>
                <span>{c.month}</span>
              </Space>
            }
          >
            <p>{c.summary}</p>
            {center && c.orderId && (
              <p style={{ color: '#888' }}>
                工单 <Link to={`/orders/${c.orderId}`}>{c.orderId}</Link> · 推荐人 {c.nominatedBy} ·{' '}
                {beijing(c.nominatedAt ?? null)}
                {c.decisionNote ? ` · 审核意见：${c.decisionNote}` : ''}
                {c.withdrawnAt
                  ? ` · ${c.withdrawnBy} 于 ${beijing(c.withdrawnAt)} 撤回：${c.withdrawalReason}`
                  : ''}
              </p>
            )}
            {center && status === 'nominated' && (
              <Space>
                <Input
                  aria-label="审核意见"
                  placeholder="审核意见（可选）"
                  style={{ width: 280 }}
                  value={notes[c.caseId] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [c.caseId]: e.target.value })}
                />
                <Button type="primary" onClick={() => decide(c, true)}>
                  发布
                </Button>
                <Button onClick={() => decide(c, false)}>不予发布</Button>
              </Space>
            )}
            {center && status === 'published' && (
              <Space>
                <Button onClick={() => seed(c)}>生成知识条目</Button>
                <Input
                  aria-label="撤回原因"
                  placeholder="撤回原因（必填）"
                  style={{ width: 240 }}
                  value={notes[c.caseId] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [c.caseId]: e.target.value })}
                />
                <Button danger disabled={!(notes[c.caseId] ?? '').trim()} onClick={() => withdraw(c)}>
                  撤回
                </Button>
              </Space>
            )}
          </Card>
        </List.Item>
      )}
    />
  );
  return (
    <Card title="典型案例" style={{ maxWidth: 1000 }}>
      {error && <Alert type="warning" showIcon title={error} />}
      {center ? (
        <Tabs
          activeKey={status}
          onChange={(key) => setParams({ status: key })}
          items={TABS.map((t) => ({ key: t.key, label: t.label, children: t.key === status ? list : null }))}
        />
      ) : (
        list
      )}
    </Card>
  );
}

import { Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { problemText, type Schemas } from '../../api/client';
import { CATEGORY } from '../../shared/labels';
import { useDesk } from '../context';

export type Hit = Schemas['KnowledgePage']['items'][number];
type Category = Schemas['KnowledgeEntry']['category'];

/**
 * The knowledge base as an agent searches it while the caller speaks: each keystroke (after a short
 * pause) asks the API, which matches Chinese words anywhere in an entry, the best match first.
 * `pick` offers each entry to the page that uses it (cite it in a settlement, open it to edit).
 */
export function KnowledgeSearch({
  category,
  courtCode,
  pick,
  picked = [],
  pickLabel,
  refresh = 0,
}: {
  category?: Category | undefined;
  courtCode?: string | null | undefined;
  pick: (hit: Hit) => void;
  picked?: readonly string[];
  pickLabel: string;
  /** Changes when the list should be asked again (an entry was saved). */
  refresh?: number;
}) {
  const { api } = useDesk();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` asks again after a save
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(async () => {
      const { data, error: refused } = await api.GET('/v1/knowledge', {
        params: {
          query: {
            q,
            limit: 8,
            ...(category ? { category } : {}),
            ...(courtCode ? { courtCode } : {}),
          },
        },
      });
      if (stale) return;
      if (data) {
        setHits(data.items);
        setError(null);
      } else setError(problemText(refused));
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, q, category, courtCode, refresh]);

  return (
    <Card size="small" title="知识库" data-testid="knowledge-search">
      <Input.Search
        aria-label="搜索知识库"
        placeholder="输入关键词，如：诉讼费、执行款"
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <List
        style={{ marginTop: 8 }}
        locale={{ emptyText: <Empty description="没有匹配的条目" /> }}
        dataSource={hits ?? []}
        loading={hits === null}
        renderItem={(hit) => {
          const chosen = picked.includes(hit.knowledgeId);
          return (
            <List.Item
              key={hit.knowledgeId}
              data-testid="knowledge-hit"
              actions={[
                <Button
                  key="pick"
                  size="small"
                  type={chosen ? 'primary' : 'default'}
                  aria-label={`${pickLabel}：${hit.title}`}
                  onClick={() => pick(hit)}
                >
                  {chosen ? '已引用' : pickLabel}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <span>{hit.title}</span>
                    <Tag>{CATEGORY[hit.category]}</Tag>
                    {hit.status === 'withdrawn' && <Tag color="default">已撤回</Tag>}
                  </Space>
                }
                description={
                  <>
                    <div>问：{hit.question}</div>
                    <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>
                      答：{hit.answer}
                    </Typography.Paragraph>
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
    </Card>
  );
}

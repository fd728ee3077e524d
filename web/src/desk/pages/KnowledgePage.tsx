import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Tabs, Tag, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { CATEGORY } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';
import { KnowledgeSearch } from '../knowledge/KnowledgeSearch';

type Detail = Schemas['KnowledgeDetail'];
type Hit = Schemas['KnowledgePage']['items'][number];
interface Fields {
  title: string;
  question: string;
  answer: string;
  category: Detail['category'];
  courtCode?: string | null;
  tags?: string[];
  note?: string;
}

/**
 * 知识库: everyone on the desk searches it; the center's supervisors write it. The entry open is
 * in the URL (`?id=`), so a link opens it; `?new=1` opens a new one.
 */
export default function KnowledgePage() {
  const { api, person, courts } = useDesk();
  const editor = person.role === 'supervisor' && courts.byCode.get(person.court)?.parentCode === null;
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const creating = params.get('new') === '1';
  const [refresh, setRefresh] = useState(0);
  const [withdrawn, setWithdrawn] = useState<Hit[]>([]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` asks again after a save
  useEffect(() => {
    if (!editor) return;
    api
      .GET('/v1/knowledge', { params: { query: { status: 'withdrawn', limit: 50 } } })
      .then(({ data }) => setWithdrawn(data?.items ?? []));
  }, [api, editor, refresh]);

  const open = (hit: Hit) => setParams({ id: hit.knowledgeId });
  const saved = (knowledgeId: string) => {
    setRefresh((n) => n + 1);
    setParams({ id: knowledgeId });
  };
  return (
    <Row gutter={16} style={{ maxWidth: 1300 }}>
      <Col xs={24} lg={10}>
        {editor && (
          <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setParams({ new: '1' })}>
            新建条目
          </Button>
        )}
        <Tabs
          items={[
            {
              key: 'published',
              label: '已发布',
              children: (
                <KnowledgeSearch pick={open} picked={id ? [id] : []} pickLabel="查看" refresh={refresh} />
              ),
            },
            ...(editor
              ? [
                  {
                    key: 'withdrawn',
                    label: `已撤回（${withdrawn.length}）`,
                    children: (
                      <Space orientation="vertical" style={{ width: '100%' }}>
                        {withdrawn.map((w) => (
                          <Button key={w.knowledgeId} type="link" onClick={() => open(w)}>
                            {w.title}
                          </Button>
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Col>
      <Col xs={24} lg={14}>
        {creating && editor ? (
          <EntryEditor key="new" onSaved={saved} />
        ) : id ? (
          <EntryView key={`${id}-${refresh}`} knowledgeId={id} editor={editor} onSaved={saved} />
        ) : (
          <Alert type="info" showIcon title="在左侧搜索知识库，点“查看”打开条目" />
        )}
      </Col>
    </Row>
  );
}

function EntryView({
  knowledgeId,
  editor,
  onSaved,
}: {
  knowledgeId: string;
  editor: boolean;
  onSaved: (id: string) => void;
}) {
  const { api, courts } = useDesk();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const { data, error: refused } = await api.GET('/v1/knowledge/{knowledgeId}', {
      params: { path: { knowledgeId } },
    });
    if (data) setDetail(data);
    else setError(problemText(refused));
  }, [api, knowledgeId]);
  useEffect(() => {
    load();
  }, [load]);
  if (error) return <Alert type="warning" showIcon title={error} />;
  if (!detail) return null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {editor ? (
        <EntryEditor entry={detail} onSaved={onSaved} />
      ) : (
        <Card title={detail.title}>
          <p>
            <Tag>{CATEGORY[detail.category]}</Tag>
            {detail.courtCode ? courts.name(detail.courtCode) : '全省通用'}
          </p>
          <p>问：{detail.question}</p>
          <p>答：{detail.answer}</p>
        </Card>
      )}
      <Card title="修订记录" size="small">
        <Timeline
          data-testid="revisions"
          items={[...detail.revisions].reverse().map((r) => ({
            key: r.revision,
            content: (
              <div>
                <strong>第 {r.revision} 版</strong> · {beijing(r.at)} · {r.by} ·{' '}
                {r.status === 'published' ? '发布' : '撤回'}
                {r.note && <div>修订说明：{r.note}</div>}
                <div style={{ color: '#888' }}>
                  {r.title}：{r.answer}
                </div>
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

/** The center's editor: a new entry, or the next revision of `entry` (409 if a colleague saved first). */
function EntryEditor({ entry, onSaved }: { entry?: Detail; onSaved: (id: string) => void }) {
  const { api, courts } = useDesk();
  const { message } = App.useApp();
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<string | null>(null);

  const save = async (v: Fields, status?: 'published' | 'withdrawn') => {
    setError(null);
    const body = { ...v, courtCode: v.courtCode ?? null, tags: v.tags ?? [], ...(status ? { status } : {}) };
    const { data, error: refused } = entry
      ? await api.POST('/v1/knowledge/{knowledgeId}', {
          params: { path: { knowledgeId: entry.knowledgeId } },
          body: { ...body, revision: entry.revision },
        })
      : await api.POST('/v1/knowledge', { body });
    if (!data) return setError(problemText(refused));
    message.success(entry ? `已保存为第 ${data.revision} 版` : '已发布');
    onSaved(data.knowledgeId);
  };

  return (
    <Card
      title={entry ? `编辑：${entry.title}` : '新建知识条目'}
      extra={
        entry && (
          <Tag color={entry.status === 'published' ? 'green' : 'default'}>
            {entry.status === 'published' ? '已发布' : '已撤回'} · 第 {entry.revision} 版
          </Tag>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={
          entry ? { ...entry, note: '' } : { category: 'litigation_guidance', courtCode: null, tags: [] }
        }
        onFinish={(v) => save(v)}
      >
        <Form.Item label="标题" name="title" rules={[{ required: true, message: '请输入标题' }]}>
          <Input aria-label="标题" />
        </Form.Item>
        <Form.Item label="问题" name="question" rules={[{ required: true, message: '请输入问题' }]}>
          <Input.TextArea aria-label="问题" rows={2} />
        </Form.Item>
        <Form.Item label="答复口径" name="answer" rules={[{ required: true, message: '请输入答复口径' }]}>
          <Input.TextArea aria-label="答复口径" rows={5} />
        </Form.Item>
        <Space wrap>
          <Form.Item label="类别" name="category">
            <Select
              aria-label="类别"
              style={{ width: 180 }}
              options={Object.entries(CATEGORY).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item label="适用法院" name="courtCode">
            <Select
              aria-label="适用法院"
              style={{ width: 260 }}
              showSearch={{ optionFilterProp: 'label' }}
              options={[
                { value: null, label: '全省通用' },
                ...courts.all.map((c) => ({ value: c.code, label: c.name })),
              ]}
            />
          </Form.Item>
        </Space>
        <Form.Item label="标签" name="tags">
          <Select aria-label="标签" mode="tags" tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
        {entry && (
          <Form.Item label="修订说明" name="note">
            <Input aria-label="修订说明" />
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit">
            {entry ? '保存修订' : '发布'}
          </Button>
          {entry && (
            <Button
              danger={entry.status === 'published'}
              onClick={async () =>
                save(await form.validateFields(), entry.status === 'published' ? 'withdrawn' : 'published')
              }
            >
              {entry.status === 'published' ? '撤回' : '重新发布'}
            </Button>
          )}
        </Space>
      </Form>
    </Card>
  );
}

import { App, Button, Card, Col, Form, Input, Row, Tag } from 'antd';
import { useState } from 'react';
import { problemText, type Schemas } from '../../api/client';
import { useDesk } from '../context';
import { type Hit, KnowledgeSearch } from './KnowledgeSearch';

type Found = Schemas['RequestWithOrder'];

/**
 * 当场答复 beside the knowledge base: the agent searches as the caller speaks, cites the entries the
 * answer uses (the first one cited fills an empty answer), and settles naming them.
 */
export function SettleCard({ found, onSettled }: { found: Found; onSettled: () => void }) {
  const { api } = useDesk();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ answer: string }>();
  const [cited, setCited] = useState<Hit[]>([]);

  const cite = (hit: Hit) => {
    if (cited.some((c) => c.knowledgeId === hit.knowledgeId))
      return setCited(cited.filter((c) => c.knowledgeId !== hit.knowledgeId));
    setCited([...cited, hit]);
    if (!form.getFieldValue('answer')) form.setFieldValue('answer', hit.answer);
  };

  return (
    <Card title="当场答复">
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Form
            form={form}
            layout="vertical"
            onFinish={async (v) => {
              const { error: refused } = await api.POST('/v1/requests/{requestId}/settle', {
                params: { path: { requestId: found.requestId } },
                body: { answer: v.answer, knowledgeIds: cited.map((c) => c.knowledgeId) },
              });
              if (refused) message.error(problemText(refused));
              else {
                message.success('已当场答复');
                onSettled();
              }
            }}
          >
            <Form.Item name="answer" rules={[{ required: true, message: '请输入答复' }]}>
              <Input.TextArea aria-label="当场答复内容" rows={5} />
            </Form.Item>
            <div style={{ marginBottom: 12 }} data-testid="cited">
              引用知识：
              {cited.length === 0
                ? '无'
                : cited.map((c) => (
                    <Tag key={c.knowledgeId} closable onClose={() => cite(c)}>
                      {c.title}
                    </Tag>
                  ))}
            </div>
            <Button htmlType="submit">当场答复</Button>
          </Form>
        </Col>
        <Col xs={24} lg={12}>
          <KnowledgeSearch
            courtCode={found.courtCode}
            pick={cite}
            picked={cited.map((c) => c.knowledgeId)}
            pickLabel="引用"
          />
        </Col>
      </Row>
    </Card>
  );
}

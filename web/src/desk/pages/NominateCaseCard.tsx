import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { problemText } from '../../api/client';
import { useDesk } from '../context';

/**
 * A supervisor nominates a closed order as a typical case (典型案例), in their own words. The API
 * refuses words that would publish the citizen's name, a phone, the case number or their own text;
 * its message (in Chinese) says what to change.
 */
export function NominateCaseCard({ orderId }: { orderId: string }) {
  const { api } = useDesk();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  if (done) return <Alert type="success" showIcon title="已推荐为典型案例，待民意中心审核发布" />;
  return (
    <Card title="推荐为典型案例" size="small">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="请用工作人员自己的话概括，不得含诉求人姓名、电话、案号或诉求原话；投诉类案例不得点名被反映的法院。"
      />
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="nominate-error"
        />
      )}
      <Form
        layout="vertical"
        onFinish={async (v: { title: string; summary: string }) => {
          setError(null);
          const { error: refused } = await api.POST('/v1/orders/{orderId}/typical-case', {
            params: { path: { orderId } },
            body: v,
          });
          if (refused) return setError(problemText(refused));
          message.success('已推荐');
          setDone(true);
        }}
      >
        <Form.Item label="案例标题" name="title" rules={[{ required: true, message: '请输入标题' }]}>
          <Input aria-label="案例标题" />
        </Form.Item>
        <Form.Item label="案例摘要" name="summary" rules={[{ required: true, message: '请输入摘要' }]}>
          <Input.TextArea aria-label="案例摘要" rows={4} />
        </Form.Item>
        <Button htmlType="submit">推荐</Button>
      </Form>
    </Card>
  );
}

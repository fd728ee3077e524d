import { Alert, Button, Card, Form, Input, QRCode, Space, Typography } from 'antd';
import { useState } from 'react';
import { problemText, type Schemas } from '../../api/client';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';

/** A window's rating QR code: one token per service at the window (赣1126-W01), valid for a day. */
export default function TokensPage() {
  const { api } = useDesk();
  const [minted, setMinted] = useState<Schemas['MintedToken'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title="窗口评价码" style={{ maxWidth: 760 }}>
      <Form
        layout="inline"
        onFinish={async (v: { subject: string }) => {
          setError(null);
          const { data, error: refused } = await api.POST('/v1/evaluation-tokens', {
            body: { channel: 'window', subject: v.subject.trim() },
          });
          setMinted(data ?? null);
          if (!data) setError(problemText(refused));
        }}
      >
        <Form.Item name="subject" rules={[{ required: true, message: '请输入窗口编号' }]}>
          <Input aria-label="窗口编号" placeholder="窗口编号，如 赣1126-W01" style={{ width: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          生成评价码
        </Button>
      </Form>
      {error && <Alert type="error" title={error} style={{ marginTop: 16 }} />}
      {minted && (
        <Space align="start" size="large" style={{ marginTop: 24 }}>
          <QRCode value={minted.url} size={180} />
          <div>
            <Typography.Paragraph>请群众扫码评价本次窗口服务（一次有效）。</Typography.Paragraph>
            <Typography.Paragraph copyable={{ text: minted.url }}>
              <a href={minted.url} data-testid="rating-link">
                评价链接
              </a>
            </Typography.Paragraph>
            <Typography.Text type="secondary">有效期至 {beijing(minted.expiresAt)}</Typography.Text>
          </div>
        </Space>
      )}
    </Card>
  );
}

import { Alert, Button, Card, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { CATEGORY } from '../../shared/labels';
import { useDesk } from '../context';

type Body = Schemas['CreateRequest'];

/** An agent takes a hotline call or a window visit down; then the request's page settles it or makes it an order. */
export default function IntakePage() {
  const { api, courts } = useDesk();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (v: Body) => {
    setSending(true);
    setError(null);
    const { data, error: refused } = await api.POST('/v1/requests', {
      body: {
        ...v,
        caseNumber: v.caseNumber?.trim() || undefined,
        courtCode: v.courtCode || undefined,
      },
    });
    setSending(false);
    if (data) navigate(`/requests/${data.trackingNo}`);
    else setError(problemText(refused));
  };

  return (
    <Card title="受理诉求" style={{ maxWidth: 760 }}>
      <Form<Body>
        layout="vertical"
        initialValues={{ channel: 'hotline', category: 'case_progress' }}
        onFinish={submit}
      >
        <Form.Item label="渠道" name="channel">
          <Radio.Group
            options={[
              { value: 'hotline', label: '热线' },
              { value: 'window', label: '窗口' },
            ]}
          />
        </Form.Item>
        <Form.Item label="诉求类别" name="category" rules={[{ required: true }]}>
          <Select
            aria-label="诉求类别"
            options={Object.entries(CATEGORY).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          label="来电人姓名"
          name={['contact', 'name']}
          rules={[{ required: true, message: '请输入姓名' }]}
        >
          <Input aria-label="来电人姓名" maxLength={50} />
        </Form.Item>
        <Form.Item
          label="联系电话"
          name={['contact', 'phone']}
          rules={[{ required: true, message: '请输入电话' }]}
        >
          <Input aria-label="联系电话" />
        </Form.Item>
        <Form.Item label="案号" name="caseNumber">
          <Input aria-label="案号" placeholder="(2026)赣1126民初123号" maxLength={60} />
        </Form.Item>
        <Form.Item label="涉及法院（无案号时）" name="courtCode">
          <Select
            aria-label="涉及法院"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={courts.all.map((c) => ({ value: c.code, label: c.name }))}
          />
        </Form.Item>
        <Form.Item label="诉求内容" name="content" rules={[{ required: true, message: '请输入诉求内容' }]}>
          <Input.TextArea aria-label="诉求内容" rows={5} maxLength={4000} />
        </Form.Item>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={sending}>
          登记诉求
        </Button>
      </Form>
    </Card>
  );
}

import { Button, Form, Select } from 'antd';
import { useDesk } from '../context';

/** Re-dispatching a returned order: the agent picks the court. */
export default function DispatchForm({ onDone }: { onDone: (courtCode: string) => Promise<void> }) {
  const { courts } = useDesk();
  return (
    <Form layout="inline" onFinish={(v: { courtCode: string }) => onDone(v.courtCode)}>
      <Form.Item name="courtCode" rules={[{ required: true, message: '请选择法院' }]}>
        <Select
          aria-label="重新派往法院"
          placeholder="重新派往法院"
          style={{ width: 280 }}
          showSearch={{ optionFilterProp: 'label' }}
          options={courts.all.map((c) => ({ value: c.code, label: c.name }))}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        重新派单
      </Button>
    </Form>
  );
}

import { Button, Form, Input, Radio, Select } from 'antd';
import type { OrderDetail } from '../../api/client';
import { type Courts, useDesk } from '../context';

export type ReturnDecision =
  | { approved: true; note: string; courtCode: string }
  | { approved: false; note: string };

/** Complaints and interference reports: the firewall keeps them away from the court they concern. */
const firewalled = (o: OrderDetail) => o.category === 'complaint' || o.category === 'interference_report';

/**
 * Where the routing would send the order: the court its request concerns, or for a complaint the
 * court above it (the high court for itself). Null when that is the court that returned it.
 */
export function routingSuggestion(o: OrderDetail, courts: Courts): string | null {
  const subject = o.subjectCourtCode;
  const court = firewalled(o) ? courts.superiorOf(subject) : subject;
  return court === o.courtCode || !courts.byCode.has(court) ? null : court;
}

/** The courts an approved return may go to: not the one that returned it, and within the firewall. */
function targets(o: OrderDetail, courts: Courts) {
  const subject = o.subjectCourtCode;
  const high = courts.all.find((c) => c.level === 'high')?.code;
  return courts.all.filter((c) => {
    if (c.code === o.courtCode) return false;
    if (!firewalled(o)) return true;
    return (courts.isWithin(subject, c.code) && c.code !== subject) || (subject === high && c.code === high);
  });
}

/**
 * The center's review of a court's return (退单审核): approved, the order goes to another court
 * (the routing's suggestion when it has one); rejected, it goes back to the same court with its
 * original deadline.
 */
export default function ReturnDecisionForm({
  order,
  onDone,
}: {
  order: OrderDetail;
  onDone: (decision: ReturnDecision) => Promise<void>;
}) {
  const { courts } = useDesk();
  const [form] = Form.useForm<{ approved: 'yes' | 'no'; courtCode?: string; note?: string }>();
  const approved = Form.useWatch('approved', form) !== 'no';
  const suggestion = routingSuggestion(order, courts);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ approved: 'yes', courtCode: suggestion ?? undefined }}
      onFinish={(v) =>
        onDone(
          v.approved === 'yes'
            ? { approved: true, courtCode: v.courtCode!, note: v.note?.trim() ?? '' }
            : { approved: false, note: v.note?.trim() ?? '' },
        )
      }
    >
      <Form.Item label="退单审核" name="approved">
        <Radio.Group
          options={[
            { value: 'yes', label: '同意退回，改派其他法院' },
            { value: 'no', label: `不同意退回，由${courts.name(order.courtCode)}继续办理（原期限）` },
          ]}
        />
      </Form.Item>
      {approved && (
        <Form.Item
          label="改派法院"
          name="courtCode"
          rules={[{ required: true, message: '请选择法院' }]}
          extra={
            suggestion ? `按分派规则建议：${courts.name(suggestion)}` : '分派规则指向原法院，请选择其他法院'
          }
        >
          <Select
            aria-label="改派法院"
            placeholder="改派法院"
            style={{ maxWidth: 360 }}
            showSearch={{ optionFilterProp: 'label' }}
            options={targets(order, courts).map((c) => ({ value: c.code, label: c.name }))}
          />
        </Form.Item>
      )}
      <Form.Item
        label="审核意见"
        name="note"
        rules={approved ? [] : [{ required: true, whitespace: true, message: '请说明不同意退回的理由' }]}
      >
        <Input aria-label="审核意见" maxLength={1000} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        提交审核
      </Button>
    </Form>
  );
}

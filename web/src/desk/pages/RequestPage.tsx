import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Space, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { problemText, type Schemas } from '../../api/client';
import { CATEGORY, CHANNEL, REQUEST_STATUS } from '../../shared/labels';
import { beijing } from '../../shared/time';
import { useDesk } from '../context';
import { SettleCard } from '../knowledge/SettleCard';
import { RepeatCard } from './RepeatCard';

type Found = Schemas['RequestWithOrder'];

/**
 * One request, for the agent who took it: settle it now, or make it a work order. Routing is the
 * API's (the case number's court; complaints and interference reports go to the superior court);
 * the agent may name another court instead.
 */
export default function RequestPage() {
  const { trackingNo = '' } = useParams();
  const { api, courts, person } = useDesk();
  const { message } = App.useApp();
  const navigate = useNavigate();
  // Set by intake when the caller's SMS with the access code could not be sent (IntakePage).
  const unsentCode = (useLocation().state as { unsentAccessCode?: string } | null)?.unsentAccessCode;
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const { data, error: refused } = await api.GET('/v1/requests/{trackingNo}', {
      params: { path: { trackingNo } },
    });
    if (data) setFound(data);
    else setError(problemText(refused));
  }, [api, trackingNo]);
  useEffect(() => {
    load();
  }, [load]);

  if (error) return <Alert type="warning" showIcon title={error} />;
  if (!found) return <Spin />;
  const isAgent = person.role === 'agent';
  const open = found.status === 'received';
  // Where the order will go, as the API's routing says (null: no court named, the agent picks).
  const routing = found.routing;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 900 }}>
      {unsentCode && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title="查询短信未能发出，请向来电人读出查询编号和查询码"
          description={`查询编号 ${found.trackingNo}，查询码 ${unsentCode}（请提醒来电人妥善保管，勿告诉他人）`}
        />
      )}
      <Card title={`诉求 ${found.trackingNo}`}>
        <Descriptions column={2} bordered size="small">
          <Descriptions.Item label="状态">{REQUEST_STATUS[found.status]}</Descriptions.Item>
          <Descriptions.Item label="渠道">{CHANNEL[found.channel]}</Descriptions.Item>
          <Descriptions.Item label="类别">{CATEGORY[found.category]}</Descriptions.Item>
          <Descriptions.Item label="登记时间">{beijing(found.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="姓名">{found.contact.name}</Descriptions.Item>
          <Descriptions.Item label="电话">{found.contact.phone}</Descriptions.Item>
          <Descriptions.Item label="案号">{found.caseNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="法院">{courts.name(found.courtCode)}</Descriptions.Item>
          <Descriptions.Item label="内容" span={2}>
            {found.content ?? '（已脱敏）'}
          </Descriptions.Item>
          {found.answer && (
            <Descriptions.Item label="当场答复" span={2}>
              {found.answer}
            </Descriptions.Item>
          )}
        </Descriptions>
        {isAgent && found.channel === 'hotline' && (
          <Button
            style={{ marginTop: 16 }}
            onClick={async () => {
              const { error: refused } = await api.POST('/v1/evaluation-tokens', {
                body: { channel: 'hotline', subject: found.requestId },
              });
              if (refused) message.error(problemText(refused));
              else message.success('评价短信已发送');
            }}
          >
            发送服务评价短信
          </Button>
        )}
        {found.order && (
          <p style={{ marginTop: 16 }}>
            工单：<Link to={`/orders/${found.order.orderId}`}>{found.order.orderId}</Link>
          </p>
        )}
      </Card>
      {isAgent && open && (
        <>
          <RepeatCard request={found} onLinked={load} />
          <SettleCard found={found} onSettled={load} />
          <Card title="转为工单">
            {routing ? (
              <Alert
                type="info"
                showIcon
                data-testid="routing"
                title={`将派至：${courts.byCode.get(routing.courtCode)?.name ?? routing.courtCode}${routing.firewalled ? '（监察室）' : ''}`}
                description={routing.reason}
              />
            ) : (
              <Alert
                type="warning"
                showIcon
                data-testid="routing"
                title="无案号、未选法院：请在下方选择承办法院"
              />
            )}
            <Form
              layout="inline"
              style={{ marginTop: 16 }}
              onFinish={async (v: { courtCode?: string; repeatReason?: string }) => {
                const { data, error: refused } = await api.POST('/v1/requests/{requestId}/orders', {
                  params: { path: { requestId: found.requestId } },
                  body: {
                    ...(v.courtCode ? { courtCode: v.courtCode } : {}),
                    ...(v.repeatReason?.trim() ? { repeatReason: v.repeatReason.trim() } : {}),
                  },
                });
                if (!data) message.error(problemText(refused));
                else {
                  message.success(`已派单至 ${courts.name(data.courtCode)}`);
                  navigate(`/orders/${data.orderId}`);
                }
              }}
            >
              <Form.Item label="改派法院" name="courtCode">
                <Select
                  aria-label="改派法院"
                  allowClear
                  placeholder="按规则自动分派"
                  style={{ width: 280 }}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={courts.all.map((c) => ({ value: c.code, label: c.name }))}
                />
              </Form.Item>
              {/* A case with an open order takes a second one only with the reason (else 409). */}
              <Form.Item label="同案另立工单理由" name="repeatReason">
                <Input
                  aria-label="同案另立工单理由"
                  placeholder="同一案件已有在办工单时必填"
                  style={{ width: 280 }}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                生成工单
              </Button>
            </Form>
          </Card>
        </>
      )}
    </Space>
  );
}

import { ORDER_STATUS, REQUEST_STATUS } from '../shared/labels';
import { beijing } from '../shared/time';
import type { components } from './schema';

/**
 * What a person is told when the API refuses: one Chinese sentence for each error code the API
 * publishes (the enum of `Error.error.code`, from domain/error-codes.ts), naming the field and
 * what to do, from the code and its details, never the API's English message (that is for
 * developers). Typed by the generated schema: a code the API adds fails the type-check here until
 * it is worded. Times are Beijing wall time (shared/time.ts).
 */
export type ErrorCode = components['schemas']['Error']['error']['code'];
type Detail = Record<string, unknown>;

/** The Chinese name of each field a request can carry (body paths and query parameters). */
export const FIELD: Record<string, string> = {
  accepted: '是否合格',
  accessCode: '查询码',
  action: '操作',
  active: '在岗状态',
  answer: '答复内容',
  approved: '审批结果',
  caseNumber: '案号',
  category: '诉求类别',
  channel: '渠道',
  code: '代码',
  comment: '意见',
  contact: '联系人',
  'contact.name': '姓名',
  'contact.phone': '手机号码',
  content: '诉求内容',
  court: '法院',
  courtCode: '法院',
  cursor: '翻页位置',
  date: '日期',
  email: '电子邮箱',
  forRequest: '所属诉求',
  from: '开始日期',
  fromTypicalCase: '来源典型案例',
  holidays: '放假日期',
  id: '编号',
  into: '并入法院',
  knowledgeIds: '知识库条目',
  late: '是否超期',
  level: '法院层级',
  limit: '每页条数',
  month: '月份',
  name: '名称',
  note: '意见',
  parentCode: '上级法院',
  phone: '电话号码',
  q: '搜索词',
  question: '问题',
  rating: '评价',
  reached: '是否接通',
  reason: '理由',
  repeatReason: '另立工单的理由',
  revision: '版本',
  role: '角色',
  shortName: '简称',
  status: '状态',
  subject: '评价对象',
  summary: '案例摘要',
  tags: '标签',
  templateIds: '订阅消息',
  title: '标题',
  to: '结束日期',
  token: '评价链接',
  trackingNo: '查询编号',
  unit: '部门',
  workdays: '调休上班日',
  workingDays: '延期工作日',
};

/** What to write, for fields whose form a person must know (the API's pattern for each). */
const FORMAT: Record<string, string> = {
  'contact.phone': '请填写11位手机号码（如 13800138000）',
  phone: '请填写11位手机号码（如 13800138000）',
  caseNumber: '案号格式如 (2026)赣1126民初123号',
  month: '月份格式如 2026-11',
  date: '日期格式如 2026-11-26',
  email: '请填写正确的电子邮箱',
};

/** A field's name from an issue's path (`contact.phone`, `knowledgeIds.0`: list positions dropped). */
export function fieldName(path: string): string {
  const key = path
    .split('.')
    .filter((p) => !/^\d+$/.test(p))
    .join('.');
  return FIELD[key] ?? FIELD[key.split('.').at(-1) ?? ''] ?? '填写的内容';
}

/** One field's problem, in the words a form shows beside it; the pages' own checks use it too. */
export function fieldMessage(path: string, issue: Detail): string {
  const name = fieldName(path);
  if (issue.missing) return `请填写${name}`;
  const key = path.replace(/\.\d+/g, '');
  switch (issue.code) {
    case 'invalid_format':
      return FORMAT[key] ?? `${name}格式不正确`;
    case 'too_small':
      return typeof issue.minimum === 'number' && issue.minimum > 1
        ? `${name}不能少于 ${issue.minimum}`
        : `请填写${name}`;
    case 'too_big':
      return typeof issue.maximum === 'number' ? `${name}不能超过 ${issue.maximum}` : `${name}过长`;
    case 'invalid_value':
      return `请重新选择${name}`;
    case 'unrecognized_keys':
      return '页面版本过旧，请刷新页面后重试';
    default:
      return FORMAT[key] ?? `${name}格式不正确`;
  }
}

const fields = (details: Detail[]) =>
  details.length === 0
    ? '填写的内容有误，请检查后重试'
    : details.map((d) => fieldMessage(String(d.path ?? ''), d)).join('；');

const statusName = (s: unknown) =>
  ORDER_STATUS[s as keyof typeof ORDER_STATUS] ??
  REQUEST_STATUS[s as keyof typeof REQUEST_STATUS] ??
  '已变化';

const NOT_FOUND: Record<string, string> = {
  request: '查询编号或查询码不正确，请核对后重试',
  order: '未找到该工单，或您无权查看：请核对工单编号',
  'typical case': '未找到该典型案例',
  'knowledge entry': '未找到该知识库条目',
  'member of staff': '未找到该工作人员',
  court: '未找到该法院，请从列表中选择',
};

const first = (details: Detail[], key: string): unknown => details.find((d) => key in d)?.[key];

const SAY: Record<ErrorCode, string | ((details: Detail[]) => string)> = {
  malformed_url: '链接有误，请核对链接是否完整',
  malformed_path: '链接有误，请核对链接是否完整',
  malformed_request: '请求无法识别，请刷新页面后重试',
  headers_too_large: '请求无法识别，请清除浏览器缓存后重试',
  method_not_allowed: '页面版本过旧，请刷新页面后重试',
  invalid_body: fields,
  invalid_query: fields,
  malformed_json: '提交的内容无法识别，请刷新页面后重试',
  too_deep: '提交的内容无法识别，请刷新页面后重试',
  too_large: '提交的内容过长，请删减后重试',
  unsupported_media_type: '提交的内容无法识别，请刷新页面后重试',
  invalid_idempotency_key: '页面版本过旧，请刷新页面后重试',
  idempotency_mismatch: '同一操作已用其他内容提交过，请刷新页面后重新填写',
  idempotency_in_progress: '上一次提交仍在处理，请稍候再试',
  unauthorized: '登录已失效，请重新登录',
  forbidden: '您没有权限进行此操作',
  wechat_session_required: '请在微信小程序中提交',
  invalid_wechat_code: '微信登录已失效，请重新进入小程序',
  too_many_attempts: '尝试次数过多，请稍后再试',
  bad_cursor: '列表已变化，请刷新页面',
  not_found: (d) => NOT_FOUND[String(first(d, 'resource'))] ?? '未找到所请求的内容，请核对链接是否完整',
  wrong_state: (d) => {
    const status = first(d, 'status');
    const allowed = first(d, 'allowed');
    if (status === undefined) return '情况已有变化，此操作现在不能进行：请刷新页面查看最新情况';
    const need = Array.isArray(allowed) ? `（需为「${allowed.map(statusName).join('」或「')}」）` : '';
    return `当前状态为「${statusName(status)}」，不能进行此操作${need}：请刷新页面查看最新情况`;
  },
  busy: '他人正在修改同一内容，请稍后重试',
  return_window_closed: (d) =>
    `退回期限已于 ${beijing(String(first(d, 'closedAt') ?? ''))}（北京时间）截止：派单后 1 个工作日内方可退回，请按期办理，或申请延期`,
  review_pending: '该工单正等待督办员审核，暂不能进行此操作',
  extension_asked: '每个工单只能申请一次延期，本工单已申请过',
  too_late: (d) => `已过答复期限（${beijing(String(first(d, 'deadline') ?? ''))}），不能再申请延期`,
  unknown_token: '评价链接无效，请核对短信中的链接',
  token_used: '您已评价过，感谢您的参与',
  token_expired: '评价链接已过期',
  token_outdated: '工单已有新进展，此评价链接已失效',
  already_rated: '已评价过，不能再次发送评价',
  unknown_window: '窗口编号格式如 赣1126-W01',
  wrong_channel: '渠道不符：请按诉求原来的渠道办理',
  unknown_court: '未找到该法院，请从列表中选择',
  court_merged: '该法院已被合并，请选择合并后的法院',
  court_required: '批准退单时请选择改派法院',
  invalid_case_number: '案号格式如 (2026)赣1126民初123号，请核对后重新填写，或不填案号而选择法院',
  unroutable: '无法确定承办法院，请选择涉及法院',
  firewall: '投诉和“三个规定”报告须交被反映法院的上级法院办理，请改选上级法院',
  already_ordered: '该诉求已生成工单',
  case_has_open_order: '该案件已有办理中的工单：请关联为重复诉求，或填写另立工单的理由',
  invalid_extension: '延期工作日须为 1 至 5 天',
  unknown_matter: '所关联的诉求没有可关联的事项',
  self_repeat: '诉求不能关联自身',
  later_matter: '只能关联更早的诉求',
  not_rolled_up: '该期间的数据尚未汇总（每日凌晨汇总前一日），请稍后再看',
  already_nominated: '该工单已被推荐为典型案例',
  personal_data: '摘要中含有个人信息（姓名、电话或案号等），请删除后重试',
  exists: '该条目已存在',
  stale_revision: '该条目已被他人修改，请刷新后在最新版本上修改',
  unknown_knowledge: '所选知识库条目不存在或未发布，请重新选择',
  unknown_typical_case: '该典型案例不存在或未发布',
  incomplete: '新条目须填写标题、问题、答复和类别',
  invalid_calendar: '节假日安排有误，请核对日期后重试',
  unknown_template: '订阅消息模板无效',
  court_exists: '该法院代码已存在',
  invalid_court_code: '法院代码应为上级法院代码加两位数字（01至99），请改正',
  court_name_taken: '已有法院使用该名称或简称，请换一个',
  member_exists: '该人员已在此处登记',
  role_receives_no_mail: '名录只登记接收邮件的角色',
  agent_outside_center: '坐席只能登记在省法院（中心）',
  leadership_outside_center: '中心领导须为省法院的督办员',
  agent_in_supervision: '监察室属于法院，不能登记坐席',
  no_lower_level: '基层法院下不能再设法院',
  merge_into_itself: '法院不能并入自身',
  merge_high_court: '省法院不能被合并',
  merge_across_levels: '只能合并同一层级的法院',
  merge_with_courts_below: '该法院下仍有在用的法院，请先合并它们',
  internal: '系统暂时出现问题，请稍后重试',
};

/** The Chinese sentence for a refusal from the API (or a failure with no answer at all). */
export function problemText(error: unknown): string {
  const e = (error as { error?: { code?: string; details?: unknown } } | undefined)?.error;
  if (!e?.code || !(e.code in SAY)) return '操作未能完成，请稍后重试';
  return codeText(e.code as ErrorCode, Array.isArray(e.details) ? (e.details as Detail[]) : []);
}

/** The sentence for one code: a page that learns a state another way (a rating link's) says it alike. */
export function codeText(code: ErrorCode, details: Detail[] = []): string {
  const say = SAY[code];
  return typeof say === 'function' ? say(details) : say;
}

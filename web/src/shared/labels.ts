import type { components } from '../api/schema';

type S = components['schemas'];

/** Chinese names for the API's codes, typed by the generated schema so a new code must be named here. */
export const CATEGORY: Record<S['CreateRequest']['category'], string> = {
  case_progress: '案件查询',
  contact_judge: '联系法官',
  litigation_guidance: '诉讼指引',
  enforcement: '执行',
  complaint: '投诉',
  interference_report: '“三个规定”报告',
  suggestion: '意见建议',
  other: '其他',
};

export const CHANNEL: Record<S['CreateRequest']['channel'], string> = {
  web: '网站',
  wechat: '微信',
  hotline: '热线',
  window: '窗口',
};

export const ORDER_STATUS: Record<S['Order']['status'], string> = {
  dispatched: '已派单',
  returned: '已退回',
  accepted: '已签收',
  replied: '已答复',
  closed: '已办结',
};

export const REQUEST_STATUS: Record<S['Request']['status'], string> = {
  received: '已受理',
  settled: '已当场答复',
  ordered: '已转工单',
};

export const RATING: Record<S['Evaluation']['rating'], string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

export const CLOSE_REASON: Record<NonNullable<S['Order']['closeReason']>, string> = {
  satisfied: '满意办结',
  basically_satisfied: '基本满意办结',
  unsatisfied_reviewed: '督办审核办结',
  unreachable: '无法联系办结',
};

export const ROLE: Record<S['Actor']['role'], string> = {
  agent: '中心坐席',
  handler: '法院承办人',
  supervisor: '督办员',
  auditor: '审计员',
  admin: '管理员',
  system: '系统',
  citizen: '群众',
};

/** A court's supervision office: it alone works complaints and interference reports at its court. */
export const UNIT = { supervision: '监察室' } as const;

/** The directory at run time (the administrators' page). */
export const DIRECTORY_ROLE: Record<S['StaffMember']['role'], string> = {
  handler: '承办人',
  supervisor: '督办员',
  agent: '中心坐席',
  auditor: '审计员',
};
export const DIRECTORY_UNIT: Record<NonNullable<S['StaffMember']['unit']>, string> = {
  supervision: '监察室',
  leadership: '中心领导',
};
export const LEVEL_NAME: Record<S['DirectoryCourt']['level'], string> = {
  high: '高级法院',
  intermediate: '中级法院',
  basic: '基层法院',
};
export const CHANGE_KIND: Record<S['DirectoryChange']['kind'], string> = {
  staff_added: '新增人员',
  staff_changed: '修改人员',
  staff_deactivated: '停用人员',
  court_added: '新增法院',
  court_renamed: '法院更名',
  court_merged: '法院合并',
};

const ACTION: Record<string, string> = {
  created: '创建工单',
  dispatched: '派单',
  notified: '通知法院',
  accepted: '签收',
  returned: '退回',
  return_approved: '同意退回',
  return_rejected: '不同意退回',
  redispatched: '重新派单',
  extension_requested: '申请延期',
  extension_approved: '批准延期',
  extension_rejected: '驳回延期',
  replied: '答复',
  reply_accepted: '答复合格',
  reply_rejected: '答复不合格，退回重办',
  urged: '催办',
  callback_unreached: '回访未接通',
  rating_sms_sent: '发送评价短信',
  rated: '评价',
  reopened: '重办',
  review_requested: '提请督办审核',
  reviewed: '督办审核',
  unsatisfied_reviewed: '督办审核办结',
  deadline_moved: '节假日调整期限',
  closed: '办结',
  escalated: '督办升级',
  warning: '预警',
};

export const actionLabel = (action: string) => ACTION[action] ?? action;

export const LEVEL = ['—', '一级督办', '二级督办', '三级通报'] as const;

import { h, shell } from './dom';

export function homePage(): HTMLElement {
  return shell(
    '欢迎使用 12368 民意中心',
    h(
      'nav',
      { className: 'links' },
      h('a', { href: '/file' }, '提交诉求'),
      h('a', { href: '/track' }, '查询办理进度'),
      h('a', { href: '/cases' }, '典型案例'),
      h('a', { href: '/desk/' }, '工作人员入口'),
    ),
  );
}

import { Shell } from './Shell';

export function HomePage() {
  return (
    <Shell title="欢迎使用 12368 民意中心">
      <nav className="links">
        <a href="/file">提交诉求</a>
        <a href="/track">查询办理进度</a>
        <a href="/cases">典型案例</a>
        <a href="/desk/">工作人员入口</a>
      </nav>
    </Shell>
  );
}

import type { ReactNode } from 'react';

export function Shell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="page">
      <div className="bar">12368 诉讼服务</div>
      <main className="body">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

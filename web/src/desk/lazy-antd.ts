import { type ComponentType, lazy } from 'react';

/**
 * A page (or part) that uses Ant Design, loaded when first shown together with Ant Design's theme,
 * locale and message host (./antd): neither is in the desk's first load.
 */
export function lazyWithAntd<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(() =>
    Promise.all([load(), import('./antd')]).then(([page, antd]) => ({
      default: antd.withAntd(page.default),
    })),
  );
}

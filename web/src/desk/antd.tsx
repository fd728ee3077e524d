import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ComponentType } from 'react';

/**
 * Ant Design's theme, Chinese locale (its forms' default messages, empty lists, dialogs' buttons)
 * and message/modal host, for the pages that use its components: imported by those pages only, so
 * a first load on a light page (sign-in, an order, a queue, intake) never fetches Ant Design.
 * dayjs's Chinese locale goes with the date pickers (FiguresPage), not here.
 */
export function withAntd<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  function AntdPage(props: P) {
    return (
      <ConfigProvider
        locale={zhCN}
        button={{ autoInsertSpace: false }}
        theme={{ token: { colorPrimary: '#b71c1c' } }}
      >
        <App>
          <Page {...props} />
        </App>
      </ConfigProvider>
    );
  }
  return AntdPage;
}

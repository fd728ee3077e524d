import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

/**
 * dayjs in Chinese (month and weekday names, Monday first) for Ant Design's date pickers: imported
 * by the pages that have one instead of dayjs itself, so the desk's first load carries neither.
 */
dayjs.locale('zh-cn');

export { dayjs };

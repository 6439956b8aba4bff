import { HistoryPage } from '../../features/history/components/history-page.js';

export default HistoryPage;

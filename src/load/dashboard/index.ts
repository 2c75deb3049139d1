export { startDashboard, type Dashboard, type DashboardAddress, type DashboardEnd } from './dashboard-server.js';
export { livePage, type LivePageInfo } from './live-page.js';
export { liveUpdate, type LiveUpdate } from './live-update.js';

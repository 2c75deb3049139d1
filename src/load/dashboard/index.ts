export {
  type Dashboard,
  type DashboardAddress,
  type DashboardEnd,
  MAX_DASHBOARD_CLIENTS,
  startDashboard,
} from './dashboard-server.js';
export { type LivePageInfo, livePage } from './live-page.js';
export { type LiveUpdate, liveUpdate } from './live-update.js';
export { isLoopback } from './loopback.js';

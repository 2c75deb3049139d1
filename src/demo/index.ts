export { hkStockCodes, stockName } from './stock-data.js';
export { demoCases } from './demo-cases.js';
export { seedLine } from './seed-format.js';
export { stockService, type StockServiceOptions, type StockServiceStats } from './stock-service.js';
export { startDemoServer, type DemoServer } from './demo-server.js';
export { DEMO_CREDENTIALS } from './demo-credentials.js';

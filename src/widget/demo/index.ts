export { DEMO_CREDENTIALS } from './demo-credentials.js';
export { demoSchema } from './demo-schema.js';
export { type DemoServer, startDemoServer } from './demo-server.js';
export { hkStockCodes, stockName } from './stock-data.js';
export { type StockServiceOptions, type StockServiceStats, stockService } from './stock-service.js';

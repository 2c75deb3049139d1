export { hkStockCodes, stockName } from './stock-data.js';
export { demoSchema } from './demo-schema.js';

export { stockService, type StockServiceOptions, type StockServiceStats } from './stock-service.js';
export { startDemoServer, type DemoServer } from './demo-server.js';
export { DEMO_CREDENTIALS } from './demo-credentials.js';

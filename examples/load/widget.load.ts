// The WeChat search widget's self-test as a file: the wechat-widget preset (200 QPS, 95% within
// 170 ms, at most 1% over 870 ms, every err_code as its group expects), as a ramp whose steady
// half hour is what the preset's checks judge. The credentials stay out of the file: set
// LPTF_WX_TOKEN, LPTF_WX_AES_KEY, LPTF_WX_APPID and LPTF_WX_GH_ID (or give --token … on the
// command line, or wechatWidget({ token: process.env.MY_TOKEN, … })). Against the demo backend
// (`lptf demo` prints its credentials):
//   npx lptf run examples/load/widget.load.ts
// A shorter try: add --duration 1m (a constant 200/s instead of the ramp).
// In your own project: import { loadTest } from 'lptf/load'; import { wechatWidget } from 'lptf/widget';
import { loadTest } from '../../src/load/script/load-test.js';
import { wechatWidget } from '../../src/widget/protocol/use-widget.js';

// Encrypted JSON, as WeChat sends it; { plain: true } would measure the business processing alone.
const widget = wechatWidget({ bodyFormat: 'json' });

export default loadTest({
  url: 'http://127.0.0.1:8080/widget',
  preset: 'wechat-widget',
  cases: { normal: 'cases/normal.jsonl', abnormal: 'cases/abnormal.jsonl' },
  stages: ['30s:200', '30m:200:steady', '10s:0'],
  scenarios: {
    // Each group in proportion to its cases (300 and 33), each in its own shuffled order, so a
    // query repeats as late as it can; each is reported, and judged by its err_codes, as its group.
    normal: { weight: 300, caseGroup: 'normal', protocol: widget },
    abnormal: { weight: 33, caseGroup: 'abnormal', protocol: widget },
  },
  out: 'widget-results',
});

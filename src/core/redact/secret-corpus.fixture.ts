/**
 * Secret shapes seen in the wild, each with the value that must never appear in a report, a log,
 * a command line or a ConfigMap. Shared by the redaction and Kubernetes tests. Every secret value
 * starts with `S3CR3T`, so a test can look for any of them at once.
 */
export const SECRET_URLS: readonly { readonly url: string; readonly secret: string }[] = [
  { url: 'http://user:S3CR3T-pw@127.0.0.1:8080/', secret: 'S3CR3T-pw' },
  { url: 'http://user:S3CR3T-p@ss@127.0.0.1:8080/x', secret: 'S3CR3T-p@ss' },
  { url: 'https://S3CR3T-tokenonly@127.0.0.1/', secret: 'S3CR3T-tokenonly' },
  { url: 'http://u:S3CR3T%40enc@127.0.0.1/', secret: 'S3CR3T%40enc' },
  { url: 'http://127.0.0.1/?token=S3CR3T-1&a=1', secret: 'S3CR3T-1' },
  { url: 'http://127.0.0.1/?access_token=S3CR3T-2', secret: 'S3CR3T-2' },
  { url: 'http://127.0.0.1/?api_key=S3CR3T-3', secret: 'S3CR3T-3' },
  { url: 'http://127.0.0.1/?apikey=S3CR3T-4', secret: 'S3CR3T-4' },
  { url: 'http://127.0.0.1/?X-Amz-Signature=S3CR3T-5&X-Amz-Date=1', secret: 'S3CR3T-5' },
  { url: 'http://127.0.0.1/?X-Amz-Credential=S3CR3T-6', secret: 'S3CR3T-6' },
  { url: 'http://127.0.0.1/?X-Amz-Security-Token=S3CR3T-7', secret: 'S3CR3T-7' },
  { url: 'http://127.0.0.1/?sv=2020&sig=S3CR3T-8', secret: 'S3CR3T-8' },
  { url: 'http://127.0.0.1/?client_secret=S3CR3T-9', secret: 'S3CR3T-9' },
  { url: 'http://127.0.0.1/?password=S3CR3T-10', secret: 'S3CR3T-10' },
  { url: 'http://127.0.0.1/?passwd=S3CR3T-11', secret: 'S3CR3T-11' },
  { url: 'http://127.0.0.1/?pwd=S3CR3T-12', secret: 'S3CR3T-12' },
  { url: 'http://127.0.0.1/?auth=S3CR3T-13', secret: 'S3CR3T-13' },
  { url: 'http://127.0.0.1/?session_id=S3CR3T-14', secret: 'S3CR3T-14' },
  { url: 'http://127.0.0.1/?jwt=S3CR3T-15', secret: 'S3CR3T-15' },
  { url: 'http://127.0.0.1/?id_token=S3CR3T-16', secret: 'S3CR3T-16' },
  { url: 'http://127.0.0.1/?code=S3CR3T-17&state=x', secret: 'S3CR3T-17' },
  { url: 'http://127.0.0.1/?private_key=S3CR3T-18', secret: 'S3CR3T-18' },
  { url: 'http://127.0.0.1/?sid=S3CR3T-19', secret: 'S3CR3T-19' },
  { url: 'http://127.0.0.1/?pass=S3CR3T-20', secret: 'S3CR3T-20' },
  { url: 'http://127.0.0.1/?access%5Ftoken=S3CR3T-21', secret: 'S3CR3T-21' },
  { url: 'http://127.0.0.1/?a=1;token=S3CR3T-22', secret: 'S3CR3T-22' },
  { url: 'http://127.0.0.1/?otp=S3CR3T-23', secret: 'S3CR3T-23' },
  { url: 'http://127.0.0.1/?ticket=S3CR3T-24', secret: 'S3CR3T-24' },
];

/** Headers whose values are credentials. */
export const SECRET_HEADERS: readonly string[] = [
  'Authorization: Bearer S3CR3T-h1',
  'Proxy-Authorization: Basic S3CR3T-h2',
  'Cookie: session=S3CR3T-h3',
  'X-Api-Key: S3CR3T-h4',
  'X-Auth-Token: S3CR3T-h5',
  'X-CSRF-Token: S3CR3T-h6',
  'X-Amz-Security-Token: S3CR3T-h7',
  'Api-Key: S3CR3T-h8',
];

/** Names that are not secret, and must stay readable. */
export const PLAIN_NAMES: readonly string[] = ['a', 'limit', 'page', 'q', 'sort', 'signal', 'state', 'X-Env', 'Accept'];

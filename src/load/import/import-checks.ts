/** The self-test form's two rows: what an imported file is judged by unless `--check` says otherwise. */
export const IMPORT_CHECKS: readonly string[] = ['share(<=170ms) >= 95%', 'share(>870ms) <= 1%'];

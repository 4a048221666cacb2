/**
 * Whether the browser tests run. They drive Debian's Chromium (never a downloaded browser). Without it:
 * under CI (`CI=true`, as `.ci/run` and most CI services set it) the run fails, since a green run
 * that never opened a browser would hide it; locally the browser tests are skipped and the run says so
 * in one line, with the command that installs it.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const INSTALL_CHROMIUM = 'apt-get install -y --no-install-recommends chromium fonts-wqy-microhei';

export type BrowserRule = { run: true } | { run: false; fail: boolean; message: string };

/** The rule for one run: `chromium` is the path checked, `ci` the CI environment variable. */
export function browserRule(chromium: string, exists: boolean, ci: string | undefined): BrowserRule {
  if (exists) return { run: true };
  const onCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  const message = onCi
    ? `浏览器测试无法运行：未找到 Chromium (${chromium})；CI 中必须运行浏览器测试。安装 (install): ${INSTALL_CHROMIUM}，或设置 CHROMIUM_PATH`
    : `浏览器测试未运行 (browser tests did not run)：未找到 Chromium (${chromium})。安装 (install): ${INSTALL_CHROMIUM}，或设置 CHROMIUM_PATH`;
  return { run: false, fail: onCi, message };
}

/** This run's rule. */
export function currentBrowserRule(): BrowserRule {
  return browserRule(CHROMIUM, existsSync(CHROMIUM), process.env.CI);
}

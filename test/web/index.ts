/**
 * Mocha entry point for VS Code's web worker extension host (`npm run test:web`, see
 * scripts/vscode-host/run-web.ts): the `extensionTestsPath` contract — export `run()`, resolve
 * when every test passed. One bundle with the suites in it: a browser has no file system to
 * discover them from, so each suite is imported here, after Mocha's setup.
 */
import { mocha } from './mochaSetup';
import './suite/webHost.test';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

import * as assert from 'node:assert/strict';
import { codeServerEnv } from '../../../scripts/vscode-host/paths';

describe('codeServerEnv', () => {
  it("leaves out PORT (code-server would listen there, not on the --bind-addr the scripts wait on) and npm's and VS Code's variables", () => {
    const saved = { ...process.env };
    try {
      process.env.PORT = '8877';
      process.env.npm_config_cache = '/cache';
      process.env.VSCODE_PID = '1';
      process.env.TOKEN_COST_KEEP = 'yes';
      const env = codeServerEnv('state');
      assert.equal(env.PORT, undefined);
      assert.equal(env.npm_config_cache, undefined);
      assert.equal(env.VSCODE_PID, undefined);
      assert.equal(env.TOKEN_COST_KEEP, 'yes');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

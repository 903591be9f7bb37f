#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '../infra/config/load-config.js';
import { registerApiKeyCommands } from './commands/api-key.js';
import { registerB49cCommands } from './commands/b49c.js';
import { registerBmpCommands } from './commands/bmp.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerNegativarCommand } from './commands/negativar.js';
import { registerRunCommands } from './commands/run.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerSerasaBureauCommands } from './commands/serasa-bureau.js';

const program = new Command()
  .name('credgate')
  .description('Gateway de protecao ao credito: consultas, negativacoes e callbacks de provedores')
  .option('-c, --config <file>', 'arquivo TOML de configuracao (ou CREDGATE_CONFIG)')
  .hook('preAction', (command) => {
    const file = command.opts<{ config?: string }>().config;
    if (file) process.env.CREDGATE_CONFIG = file;
  });

registerRunCommands(program);
registerMigrateCommand(program);
registerSandboxCommand(program);
registerApiKeyCommands(program);
registerBmpCommands(program);
registerSerasaBureauCommands(program);
registerB49cCommands(program);
registerNegativarCommand(program);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`credgate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

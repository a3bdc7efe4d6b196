#!/usr/bin/env node
import { runCli } from './program.js';
import { processTerminal } from './terminal.js';

/** `npx tenantry <command>`: the exit status is set, not forced, so `serve` keeps running after its start. */
process.exitCode = await runCli(process.argv.slice(2), processTerminal());

// `prizewheel <command> --help` for every command, in process: the usage is printed before the
// command loads, so nothing here opens a database or a server.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, main } from './main.ts';
import { COMMAND_USAGE, asksForHelp, commandUsage } from './usage.ts';

let stdout: string;
let stderr: string;
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('prizewheel <command> --help', () => {
  it('has usage lines for exactly the commands it runs', () => {
    expect(Object.keys(COMMAND_USAGE).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each(COMMAND_NAMES)('%s --help prints its own usage and exits 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      stdout = '';
      expect(await main([name, flag])).toBe(0);
      expect(stdout).toBe(commandUsage(name));
      expect(stdout).toContain(`prizewheel ${name}`);
      expect(stderr).toBe('');
    }
  });

  it('answers --help wherever it is among the arguments, and `help <command>` alike', async () => {
    expect(await main(['validate', 'list.csv', '--json', '--help'])).toBe(0);
    expect(stdout).toBe(commandUsage('validate'));
    stdout = '';
    expect(await main(['help', 'user'])).toBe(0);
    expect(stdout).toContain('prizewheel user add NAME');
    expect(stdout).toContain('prizewheel user remove NAME');
    expect(stdout).not.toContain('prizewheel token');
  });

  it('names the command and shows only its usage on a bad option', async () => {
    expect(await main(['validate', '--nope'])).toBe(2);
    expect(stderr).toContain("prizewheel validate: Unknown option '--nope'");
    expect(stderr).toContain('prizewheel validate FILE [--json] [--entries]');
    expect(stderr).not.toContain('backup FILE');
  });

  it('treats --help after -- as an argument', () => {
    expect(asksForHelp(['--', '--help'])).toBe(false);
    expect(asksForHelp(['x', '-h'])).toBe(true);
  });
});

import { runServer } from '../../server/main.ts';
import { parseCommandArgs } from './shared.ts';

export async function serveCommand(args: string[]): Promise<number> {
  parseCommandArgs(args, {});
  await runServer();
  return 0;
}

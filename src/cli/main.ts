// The `prizewheel` command line (contract: "Command line"). Each command lives in commands/.
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  process.stderr.write(`prizewheel: unknown command ${command ?? ''}\n`);
  return 2;
}

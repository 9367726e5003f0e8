/** A failure the CLI reports as one line and an exit code (1: the run failed; 2: usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** An exit code whose reason has already been reported. */
export class CliExit extends Error {
  constructor(readonly exitCode: 1 | 2) {
    super(`exit ${exitCode}`);
  }
}

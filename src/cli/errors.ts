/** A problem with what the person asked the CLI to do: printed as one line, never as a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

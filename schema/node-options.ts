/**
 * Node options a process must be started with (V8 reads heap options when it sets up the heap, so
 * `v8.setFlagsFromString` at run time is too late): which of them a process lacks, given its
 * command line's options (`process.execArgv`) and NODE_OPTIONS.
 */
export function missingNodeOptions(wanted: readonly string[], execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions?.split(/\s+/).filter(Boolean) ?? [])];
  return wanted.filter((option) => !given.includes(option));
}

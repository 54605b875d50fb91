/** The griddesk command line as words and `--name value` options. */
import path from 'node:path';

export class UsageError extends Error {}

export interface ParsedArgs {
  words: string[];
  options: Map<string, string | true>;
}

/** Options that take no value; every other `--name` takes the next word (or `--name=value`). */
const FLAGS = new Set(['help', 'quiet', 'activity', 'follow']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const words: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (!name) throw new UsageError(`bad option ${a}`);
      if (eq > 0) options.set(name, a.slice(eq + 1));
      else if (FLAGS.has(name)) options.set(name, true);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options.set(name, argv[++i]);
      else throw new UsageError(`option --${name} needs a value`);
    } else if (a === '-h') {
      options.set('help', true);
    } else {
      words.push(a);
    }
  }
  return { words, options };
}

export function intOption(args: ParsedArgs, name: string, dflt: number, min: number, max: number): number {
  const raw = args.options.get(name);
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (raw === true || !/^-?\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got ${String(raw)})`);
  }
  return n;
}

/** Refuses options a command does not know, so a typo never silently falls back to a default. */
export function onlyOptions(args: ParsedArgs, allowed: readonly string[]) {
  for (const name of args.options.keys()) {
    if (name !== 'help' && !allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}

/**
 * A file named on the command line, relative to where the user typed it: `npm run griddesk`
 * runs in the package root and passes the user's directory as INIT_CWD.
 */
export function userPath(p: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return p === undefined ? undefined : path.resolve(env.INIT_CWD || process.cwd(), p);
}

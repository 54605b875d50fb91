/**
 * Subroutine renumbering for a CFF (Type 2 charstring) font subset, pure: keeps only the subroutines the
 * subset's glyphs call, numbered densely, and rewrites every `callsubr` / `callgsubr` operand (in the
 * glyphs and in the kept subroutines) for the new numbering and its bias (Adobe TN #5177, §4.7). What
 * each glyph draws is unchanged: executed with its subroutines inlined it is the same operator stream
 * (tested). Returns null — and the caller keeps the font's own numbering — whenever a charstring does
 * something this rewriter does not follow (an arithmetic operator, a call whose operand is not the
 * number just before it, a subroutine reached with two different hint counts, a malformed program).
 */

export const subrBias = (count: number) => (count < 1240 ? 107 : count < 33900 ? 1131 : 32768);

/** A Type 2 number operand's bytes. */
export function encodeInt(v: number): number[] {
  if (v >= -107 && v <= 107) return [v + 139];
  if (v >= 108 && v <= 1131) return [((v - 108) >> 8) + 247, (v - 108) & 0xff];
  if (v >= -1131 && v <= -108) return [((-v - 108) >> 8) + 251, (-v - 108) & 0xff];
  return [28, (v >> 8) & 0xff, v & 0xff];
}

interface Patch {
  /** bytes [start, end) of the operand, then the call operator at `end` */
  start: number;
  end: number;
  global: boolean;
  index: number;
}
interface Program {
  code: Uint8Array;
  patches: Patch[];
  /** byte offset of a hintmask/cntrmask operator → mask length */
  masks: Map<number, number>;
}

export interface SubrSource {
  globalCount: number;
  global(i: number): Uint8Array;
  /** local subroutines of a font dict: count and bytes (count 0 when none) */
  localCount(fd: number): number;
  local(fd: number, i: number): Uint8Array;
}

export interface Renumbered {
  charstrings: Uint8Array[];
  globals: Uint8Array[];
  /** per font dict used: its kept local subroutines */
  locals: Map<number, Uint8Array[]>;
}

const ARITHMETIC_ESCAPES = new Set([3, 4, 5, 9, 10, 11, 12, 14, 15, 18, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30]);

class Unsupported extends Error {}

/** What one glyph's execution found: its own program and every subroutine it reached (by `g:index` / `l:fd:index`). */
interface Trace {
  prog: Program;
  subrs: Map<string, { global: boolean; fd: number; index: number; prog: Program }>;
}

/**
 * Per-glyph analyses kept across subsets of one font (a process renders many bills with mostly the same
 * glyphs): key = the glyph id, value = its trace, or null when the glyph does something the rewriter does
 * not follow. Give one cache per font (the subroutine numbering belongs to the font).
 */
export type RenumberCache = Map<number, Trace | null>;

const sameAnalysis = (a: Program, b: Program): boolean => {
  if (a.patches.length !== b.patches.length || a.masks.size !== b.masks.size) return false;
  for (const [at, len] of a.masks) if (b.masks.get(at) !== len) return false;
  const starts = new Set(a.patches.map((p) => p.start));
  return b.patches.every((p) => starts.has(p.start));
};

/**
 * `glyphs[i]` is a charstring of font dict `fds[i]` (0 for a font without FDSelect). With `cached`, the
 * glyph ids (`cached.ids[i]` for `glyphs[i]`) key a per-font cache of each glyph's execution, so a glyph
 * seen in an earlier subset is not executed again; the subsets are the same bytes either way (tested).
 * Two glyphs that reach one subroutine with different hint-mask lengths give up, as one execution would.
 */
export function renumberSubrs(glyphs: Uint8Array[], fds: number[], src: SubrSource, cached?: { ids: number[]; cache: RenumberCache }): Renumbered | null {
  const glyphPrograms: Program[] = [];
  const globals = new Map<number, Program>();
  const locals = new Map<number, Map<number, Program>>();
  for (let g = 0; g < glyphs.length; g++) {
    const id = cached?.ids[g];
    let trace = id === undefined ? undefined : cached!.cache.get(id);
    if (trace === undefined) {
      trace = traceGlyph(glyphs[g], fds[g], src);
      if (id !== undefined) cached!.cache.set(id, trace);
    }
    if (!trace) return null;
    glyphPrograms.push(trace.prog);
    for (const s of trace.subrs.values()) {
      const table = s.global ? globals : (locals.get(s.fd) ?? locals.set(s.fd, new Map()).get(s.fd)!);
      const have = table.get(s.index);
      if (!have) table.set(s.index, s.prog);
      else if (have !== s.prog && !sameAnalysis(have, s.prog)) return null; // reached with two hint counts
    }
  }
  return renumbered(glyphPrograms, fds, globals, locals);
}

/** Executes one glyph (fresh state) with the subroutines it calls; null when it does something not followed. */
function traceGlyph(code: Uint8Array, fd: number, src: SubrSource): Trace | null {
  const subrs: Trace['subrs'] = new Map();
  const prog: Program = { code, patches: [], masks: new Map() };
  try {
    run(prog, fd, { stack: 0, stems: 0, depth: 0, ended: false });
  } catch (e) {
    if (e instanceof Unsupported || e instanceof RangeError) return null;
    throw e;
  }
  return { prog, subrs };

  function program(global: boolean, fd: number, index: number): { prog: Program; fresh: boolean } {
    const key = global ? `g:${index}` : `l:${fd}:${index}`;
    const have = subrs.get(key);
    if (have) return { prog: have.prog, fresh: false };
    const count = global ? src.globalCount : src.localCount(fd);
    if (index < 0 || index >= count) throw new Unsupported(`subroutine ${index} out of range`);
    const prog: Program = { code: global ? src.global(index) : src.local(fd, index), patches: [], masks: new Map() };
    subrs.set(key, { global, fd, index, prog });
    return { prog, fresh: true };
  }

  /** Executes a program for its stack depth, hint count and calls; records patches and mask lengths (first visit) or checks them. */
  function run(prog: Program, fd: number, st: { stack: number; stems: number; depth: number; ended: boolean }, check = false): void {
    if (st.depth > 10) throw new Unsupported('subroutines nested too deep');
    const c = prog.code;
    let lastNum: { start: number; end: number; value: number } | null = null;
    let i = 0;
    while (i < c.length && !st.ended) {
      const b = c[i];
      if (b >= 32 || b === 28) {
        let value: number, len: number;
        if (b === 28) {
          if (i + 2 >= c.length) throw new Unsupported('truncated number');
          value = ((c[i + 1] << 24) >> 16) | c[i + 2];
          len = 3;
        } else if (b <= 246) {
          value = b - 139;
          len = 1;
        } else if (b <= 250) {
          value = (b - 247) * 256 + c[i + 1] + 108;
          len = 2;
        } else if (b <= 254) {
          value = -(b - 251) * 256 - c[i + 1] - 108;
          len = 2;
        } else {
          value = NaN; // 16.16 fixed: never a subroutine number
          len = 5;
        }
        lastNum = { start: i, end: i + len, value };
        st.stack++;
        i += len;
        continue;
      }
      const at = i;
      i++;
      switch (b) {
        case 1:
        case 3:
        case 18:
        case 23:
          st.stems += st.stack >> 1;
          st.stack = 0;
          break;
        case 19:
        case 20: {
          st.stems += st.stack >> 1;
          st.stack = 0;
          const len = (st.stems + 7) >> 3;
          if (check || prog.masks.has(at)) {
            if (prog.masks.get(at) !== len) throw new Unsupported('a hint mask of two lengths');
          } else prog.masks.set(at, len);
          i += len;
          break;
        }
        case 10:
        case 29: {
          if (!lastNum || lastNum.end !== at || !Number.isInteger(lastNum.value)) throw new Unsupported('call operand is not a literal');
          const global = b === 29;
          const count = global ? src.globalCount : src.localCount(fd);
          const index = lastNum.value + subrBias(count);
          st.stack--;
          if (!check && !prog.patches.some((p) => p.start === lastNum!.start)) prog.patches.push({ start: lastNum.start, end: lastNum.end, global, index });
          const { prog: sub, fresh } = program(global, fd, index);
          st.depth++;
          run(sub, fd, st, !fresh);
          st.depth--;
          break;
        }
        case 11:
          return;
        case 14:
          st.ended = true;
          return;
        case 12: {
          const op = c[i++];
          if (ARITHMETIC_ESCAPES.has(op)) throw new Unsupported(`arithmetic operator 12 ${op}`);
          st.stack = 0;
          break;
        }
        default:
          st.stack = 0;
      }
      lastNum = null;
    }
  }
}

function renumbered(glyphPrograms: Program[], fds: number[], globals: Map<number, Program>, locals: Map<number, Map<number, Program>>): Renumbered | null {
  // new numbering: ascending old index (keeps the font's frequent-first order)
  const gOrder = [...globals.keys()].sort((a, b) => a - b);
  const gMap = new Map(gOrder.map((old, k) => [old, k]));
  const lMaps = new Map([...locals.entries()].map(([fd, t]) => [fd, new Map([...t.keys()].sort((a, b) => a - b).map((old, k) => [old, k]))]));
  const gBias = subrBias(Math.max(1, gOrder.length));
  const rewrite = (prog: Program, fd: number): Uint8Array => {
    if (!prog.patches.length) return prog.code;
    const patches = prog.patches.length > 1 ? [...prog.patches].sort((a, b) => a.start - b.start) : prog.patches;
    const operands = patches.map((p) => {
      const map = p.global ? gMap : lMaps.get(fd)!;
      const bias = p.global ? gBias : subrBias(Math.max(1, map.size));
      return encodeInt(map.get(p.index)! - bias);
    });
    let size = prog.code.length;
    patches.forEach((p, k) => (size += operands[k].length - (p.end - p.start)));
    const out = new Uint8Array(size);
    let from = 0;
    let at = 0;
    patches.forEach((p, k) => {
      out.set(prog.code.subarray(from, p.start), at);
      at += p.start - from;
      out.set(operands[k], at);
      at += operands[k].length;
      from = p.end;
    });
    out.set(prog.code.subarray(from), at);
    return out;
  };
  const RETURN = Uint8Array.of(11);
  // an index with no subroutine keeps one "return" (never called) rather than being empty
  const orEmpty = (xs: Uint8Array[]) => (xs.length ? xs : [RETURN]);
  try {
    return build();
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }

  function build(): Renumbered {
    return {
      charstrings: glyphPrograms.map((p, g) => rewrite(p, fds[g])),
      // global subroutines call local ones of the calling glyph's font dict: keep them only when they call none
      globals: orEmpty(gOrder.map((i) => rewriteGlobal(globals.get(i)!))),
      locals: new Map([...lMaps.entries()].map(([fd, map]) => [fd, orEmpty([...map.keys()].map((i) => rewrite(locals.get(fd)!.get(i)!, fd)))])),
    };
  }

  function rewriteGlobal(prog: Program): Uint8Array {
    if (prog.patches.some((p) => !p.global)) throw new Unsupported('a global subroutine calls a local one');
    return rewrite(prog, -1);
  }
}

/**
 * The operator stream of a charstring with its subroutines inlined (numbers as values, operators as
 * names), for tests: a renumbered subset must draw exactly what the font draws.
 */
export function flatten(
  code: Uint8Array,
  global: (i: number) => Uint8Array,
  globalCount: number,
  local: (i: number) => Uint8Array,
  localCount: number,
): string[] {
  const out: string[] = [];
  let stems = 0;
  let stack: number[] = [];
  let ended = false;
  const exec = (c: Uint8Array, depth: number) => {
    let i = 0;
    while (i < c.length && !ended) {
      const b = c[i];
      if (b >= 32 || b === 28) {
        let v: number, len: number;
        if (b === 28) [v, len] = [((c[i + 1] << 24) >> 16) | c[i + 2], 3];
        else if (b <= 246) [v, len] = [b - 139, 1];
        else if (b <= 250) [v, len] = [(b - 247) * 256 + c[i + 1] + 108, 2];
        else if (b <= 254) [v, len] = [-(b - 251) * 256 - c[i + 1] - 108, 2];
        else [v, len] = [((c[i + 1] << 24) | (c[i + 2] << 16) | (c[i + 3] << 8) | c[i + 4]) / 65536, 5];
        stack.push(v);
        i += len;
        continue;
      }
      i++;
      if (b === 10 || b === 29) {
        const idx = stack.pop()! + subrBias(b === 29 ? globalCount : localCount);
        exec(b === 29 ? global(idx) : local(idx), depth + 1);
        continue;
      }
      if (b === 11) return;
      out.push(...stack.map(String));
      if (b === 1 || b === 3 || b === 18 || b === 23) stems += stack.length >> 1;
      if (b === 19 || b === 20) {
        stems += stack.length >> 1;
        const len = (stems + 7) >> 3;
        out.push(`op${b}:${Array.from(c.subarray(i, i + len)).join('.')}`);
        i += len;
      } else if (b === 12) out.push(`op12.${c[i++]}`);
      else out.push(`op${b}`);
      stack = [];
      if (b === 14) ended = true;
    }
  };
  exec(code, 0);
  return out;
}

/** A progress bar on a terminal, plain progress lines otherwise (CI logs). */
import cliProgress from 'cli-progress';

export function progressBar(label: string) {
  let bar: cliProgress.SingleBar | null = null;
  let lastPct = -10;
  return {
    update: (done: number, total: number, stage = label) => {
      if (process.stdout.isTTY) {
        if (!bar) {
          bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} {stage}` }, cliProgress.Presets.shades_classic);
          bar.start(total, 0, { stage });
        }
        bar.setTotal(total);
        bar.update(done, { stage });
      } else {
        const pct = total ? Math.floor((done / total) * 100) : 100;
        if (pct >= lastPct + 10 || done === total) {
          lastPct = pct;
          console.log(`${label}: ${stage} ${done}/${total} (${pct}%)`);
        }
      }
    },
    stop: () => bar?.stop(),
  };
}

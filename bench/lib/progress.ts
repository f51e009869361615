const WIDTH = 30;

/** A progress bar on stderr: redrawn in place on a terminal, a line per quarter in a log (CI). */
export class Progress {
  private readonly tty = Boolean(process.stderr.isTTY);
  private readonly started = Date.now();
  private lastQuarter = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number): void {
    const fraction = this.total ? Math.min(1, done / this.total) : 1;
    const filled = Math.round(fraction * WIDTH);
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${((Date.now() - this.started) / 1000).toFixed(1)} s`;
    if (this.tty) {
      process.stderr.write(`\r${line}`);
    } else if (Math.floor(fraction * 4) > this.lastQuarter) {
      this.lastQuarter = Math.floor(fraction * 4);
      process.stderr.write(`${line}\n`);
    }
  }

  done(): void {
    if (this.tty) process.stderr.write('\n');
  }
}

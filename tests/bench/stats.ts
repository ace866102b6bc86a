import fs from 'node:fs';

/** p50/p95/p99/max of a sample, nearest-rank. */
export function percentiles(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
	const sorted = Float64Array.from(values).sort();
	const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
	return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

export interface ProcessSamples {
	/** CPU time over wall time, in % of one core. */
	cpuPercent: number;
	rssMb: { start: number; end: number; max: number; samples: number[] };
}

const TICKS = 100; // USER_HZ on Linux

function read(pid: number): { cpu: number; rssMb: number } {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime
	const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return { cpu, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

/** Sample a process's CPU and resident memory every second until `stop()`. */
export function sampleProcess(pid: number) {
	const first = read(pid);
	const started = performance.now();
	const rss = [first.rssMb];
	const timer = setInterval(() => rss.push(read(pid).rssMb), 1000);
	return {
		stop(): ProcessSamples {
			clearInterval(timer);
			const last = read(pid);
			rss.push(last.rssMb);
			const wall = (performance.now() - started) / 1000;
			return {
				cpuPercent: Math.round(((last.cpu - first.cpu) / wall) * 1000) / 10,
				rssMb: { start: Math.round(rss[0]), end: Math.round(rss.at(-1)!), max: Math.round(Math.max(...rss)), samples: rss.map(Math.round) }
			};
		}
	};
}

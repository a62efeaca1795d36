#!/usr/bin/env python3
"""Times two commands in alternation; prints a Markdown table row: both medians and the median (with quartiles)
of the per-round ratios first / second, against a target.

    interleave.py RUNS LABEL TARGET OPERATIONS  NAME PREPARE COMMAND  NAME PREPARE COMMAND

Each round runs both commands once, each after its PREPARE (a shell command, not timed); the order alternates
between rounds, so that a change of load on the machine hits both alike. COMMAND is split as a shell would, but
run without one. One more round first is a warm-up and is not counted. With OPERATIONS above 0, the medians are
also given per operation. TARGET `-` means none (the last column is then `-`).
"""

import shlex
import statistics
import subprocess
import sys
import time


def timed(prepare, command):
    subprocess.run(prepare, shell=True, check=True)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def show(seconds, operations):
    text = f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    return f"{text} ({seconds / operations * 1e3:.1f} ms/operation)" if operations > 0 else text


def main():
    runs, label, operations = int(sys.argv[1]), sys.argv[2], int(sys.argv[4])
    target = None if sys.argv[3] == "-" else float(sys.argv[3])
    (_, a_prepare, a_command), (_, b_prepare, b_command) = sys.argv[5:8], sys.argv[8:11]
    a_command, b_command = shlex.split(a_command), shlex.split(b_command)
    a_times, b_times, ratios = [], [], []
    for round_ in range(runs + 1):
        if round_ % 2 == 0:
            a = timed(a_prepare, a_command)
            b = timed(b_prepare, b_command)
        else:
            b = timed(b_prepare, b_command)
            a = timed(a_prepare, a_command)
        if round_ > 0:
            a_times.append(a)
            b_times.append(b)
            ratios.append(a / b)
    q1, median, q3 = statistics.quantiles(ratios, n=4, method="inclusive")
    median = statistics.median(ratios)
    if target is None:
        verdict = "-"
    else:
        verdict = f"<= {target}: " + ("met" if median <= target else f"missed by {(median / target - 1) * 100:.1f}%")
    print(
        f"| {label} | {show(statistics.median(a_times), operations)} | {show(statistics.median(b_times), operations)}"
        f" | {median:.3f} [{q1:.3f}, {q3:.3f}], {runs} rounds | {verdict} |"
    )


if __name__ == "__main__":
    main()

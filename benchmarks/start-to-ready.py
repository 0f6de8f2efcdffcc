#!/usr/bin/env python3
"""Start-to-ready and resident memory of a broker command, for docs/performance.md.

    benchmarks/start-to-ready.py RUNS COMMAND...
    benchmarks/start-to-ready.py 9 bin/brook server

Runs COMMAND (with --data-dir TMP --config TMP/ports.properties appended, the ports 27092 and
29092 unless BROOK_PORT / KAFKA_PORT say otherwise) RUNS times, one after another. Each time it
measures from just before launching the process until both ports have answered an ApiVersions v0
request (the same bytes in Brook's protocol and Kafka's), then reads the process's CPU time so far
(user + system, all threads) and VmHWM from /proc, and stops it with SIGTERM. Prints the medians
and every run. CPU time is steadier than wall time on a shared machine.
"""
import os, shutil, signal, socket, struct, subprocess, sys, tempfile, time

BROOK_PORT = int(os.environ.get('BROOK_PORT', '27092'))
KAFKA_PORT = int(os.environ.get('KAFKA_PORT', '29092'))
REQUEST = struct.pack('>hhih', 18, 0, 1, -1)  # apiKey ApiVersions, version 0, correlation id 1, null client id
FRAME = struct.pack('>i', len(REQUEST)) + REQUEST


def answers(port):
    try:
        s = socket.create_connection(('127.0.0.1', port), timeout=0.5)
    except OSError:
        return False
    try:
        s.settimeout(10)
        s.sendall(FRAME)
        head = b''
        while len(head) < 8:
            chunk = s.recv(8 - len(head))
            if not chunk:
                return False
            head += chunk
        return struct.unpack('>ii', head)[1] == 1
    except OSError:
        return False
    finally:
        s.close()


def run(command):
    data = tempfile.mkdtemp(prefix='brook-ready-')
    config = os.path.join(data, 'ports.properties')
    with open(config, 'w') as f:
        f.write('port=%d\nkafka.port=%d\n' % (BROOK_PORT, KAFKA_PORT))
    start = time.monotonic()
    process = subprocess.Popen(command + ['--data-dir', os.path.join(data, 'd'), '--config', config],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        pending = {BROOK_PORT, KAFKA_PORT}
        while pending:
            pending = {port for port in pending if not answers(port)}
            if process.poll() is not None:
                raise SystemExit('%s exited with %d' % (command, process.returncode))
            time.sleep(0.002)
        wall_ms = (time.monotonic() - start) * 1000
        stat = open('/proc/%d/stat' % process.pid).read().rsplit(')', 1)[1].split()
        cpu_ms = (int(stat[11]) + int(stat[12])) * 1000 / os.sysconf('SC_CLK_TCK')
        hwm_kib = next(int(l.split()[1]) for l in open('/proc/%d/status' % process.pid) if l.startswith('VmHWM'))
        return wall_ms, cpu_ms, hwm_kib / 1024
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait()
        shutil.rmtree(data, ignore_errors=True)


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


if __name__ == '__main__':
    runs, command = int(sys.argv[1]), sys.argv[2:]
    results = [run(command) for _ in range(runs)]
    wall, cpu, hwm = zip(*results)
    print('start-to-ready median %.0f ms, CPU median %.0f ms, VmHWM median %.0f MiB  (%s)' % (
        median(wall), median(cpu), median(hwm), ' '.join(command)))
    print('  wall ms %s\n  cpu ms  %s\n  MiB     %s' % ([round(x) for x in wall], [round(x) for x in cpu],
                                                       [round(x) for x in hwm]))

package dunes.lab.edge;

import dunes.lab.LabFaults;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every listener of an edge shares: threads for connections, the health-check scheduler,
 * the fault knobs, and how long to wait for a member's connect and for a client's first bytes.
 */
record ListenerContext(ExecutorService threads, ScheduledExecutorService scheduler, LabFaults faults,
    Duration connectTimeout, Duration helloTimeout) {}

package dunes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dunes.lab.dns.LabClusters;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import dunes.support.PlanApproval;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Many concurrent builds in one engine (docs/benchmarks.md): one build, then {@code BUILDS} (50)
 * at once, each on a cluster the lab hands out ({@link LabClusters}: names, addresses and DNS
 * records), with the limits that bound them — the job executor's pool and queue, the engine's
 * database pool, the HTTP connections each system sees — and the heap each build in flight costs.
 * Run with {@code mvn -B -Pbench test}; it prints, it does not judge speed.
 */
@BenchLab
class ScaleBenchmark extends LabBuildTest {

  private static final int BUILDS = Integer.getInteger("dunes.bench.builds", 50);
  private static final int NODES = 2; // the smallest HA cluster: 50 builds are 100 lab nodes in this JVM

  @Test
  void shouldPrintHowManyConcurrentBuildsScale() throws Exception {
    List<LabClusters.Cluster> used = new ArrayList<>();
    try {
      run(1, used, null); // warm-up: class loading and JIT of the first build are not what is measured
      Run one = run(1, used, null);
      long idleHeap = usedHeapAfterGc();
      Sampler sampler = new Sampler(executor());
      long cpuBefore = processCpuNanos();
      long[] machineBefore = machineCpuTicks();
      Run many = run(BUILDS, used, sampler);
      long cpu = processCpuNanos() - cpuBefore;
      long[] machineAfter = machineCpuTicks();

      ThreadPoolTaskExecutor pool = executor();
      HikariDataSource database = dataSource.unwrap(HikariDataSource.class);
      JobExecutor jobs = engineConfiguration().getJobExecutor();
      print("job executor: %d core / %d max threads, queue capacity %d, %d jobs per acquisition, lock %d ms;"
          + " during the %d builds at most %d threads busy and %d jobs queued", pool.getCorePoolSize(),
          pool.getMaxPoolSize(), pool.getQueueCapacity(), jobs.getMaxJobsPerAcquisition(), jobs.getLockTimeInMillis(),
          BUILDS, sampler.maxActive, sampler.maxQueued);
      print("engine database pool (Hikari): %d connections at most; at most %d in use during the %d builds",
          database.getMaximumPoolSize(), sampler.maxDbActive, BUILDS);
      print("HTTP clients (HttpClient 5, one client per call, closed after it): %d connections per route, %d in total"
          + " per client: appliance (vCO REST and configuration), CA (certsrv), edge (vShield Manager)",
          dunes.pki.PinnedHttpClients.MAX_CONNECTIONS_PER_ROUTE, dunes.pki.PinnedHttpClients.MAX_CONNECTIONS_TOTAL);
      print("vSphere client (yavijava on the JDK's HttpURLConnection, one connection per call in flight; the JDK"
          + " keeps at most http.maxConnections=%s idle per vCenter)", System.getProperty("http.maxConnections", "5"));
      sampler.peakConnections.forEach((system, peak) ->
          print("TCP connections open at once to %s during the %d builds: at most %d", system, BUILDS, peak));
      print("heap: %.0f MiB used after GC idle, %.0f MiB with %d builds in flight -> %.2f MiB per build in flight",
          mib(idleHeap), mib(many.heapInFlight()), BUILDS, mib((many.heapInFlight() - idleHeap) / BUILDS));
      EdgeLock lock = edgeLock(many.instances());
      print("edge lock (one LoadBalancer stage at a time per edge): held %.1f s in all, %.2f s per build;"
          + " builds waited for it %.1f s on average, at most %.1f s", lock.heldSeconds(),
          lock.heldSeconds() / BUILDS, lock.meanWaitSeconds(), lock.maxWaitSeconds());
      print("CPU during the %d builds: this JVM (engine and lab) %.1f s = %.2f of the machine's %d cores;"
          + " the whole machine (other work included) busy %.0f %%", BUILDS, cpu / 1e9, (double) cpu / many.wallNanos(),
          Runtime.getRuntime().availableProcessors(),
          100.0 * (machineAfter[0] - machineBefore[0]) / Math.max(1, machineAfter[1] - machineBefore[1]));
      print("one build: %.1f s wall; %d concurrent builds: %.1f s wall", seconds(one.wallNanos()), BUILDS,
          seconds(many.wallNanos()));
      print("%d builds / 1 build = %.2f (1.00 = complete overlap, %d.00 = none)", BUILDS,
          (double) many.wallNanos() / one.wallNanos(), BUILDS);
      assertThat(one.instances()).allSatisfy(b -> assertThat(endOf(b)).isEqualTo("EndEvent_Completed"));
      assertThat(many.instances()).allSatisfy(b -> assertThat(endOf(b)).as(b.getBusinessKey())
          .isEqualTo("EndEvent_Completed"));
    } finally {
      used.forEach(c -> clusters.release(c.name()));
    }
  }

  // ---------------------------------------------------------------------------------------------

  record Run(List<ProcessInstance> instances, long wallNanos, long heapInFlight) {}

  /**
   * Starts {@code count} builds at once, each on a cluster the lab hands out, and answers their
   * tasks as an operator would; the heap is read once every build has its plan approved (all are
   * then changing the lab), with the sampler looking at the pools meanwhile.
   */
  private Run run(int count, List<LabClusters.Cluster> used, Sampler sampler) {
    List<LabClusters.Cluster> clustersOfRun = new ArrayList<>();
    for (int i = 0; i < count; i++) { // names and records before the clock starts: a site's DNS is prepared
      clustersOfRun.add(clusters.allocate(NODES));
    }
    used.addAll(clustersOfRun);
    if (sampler != null) {
      sampler.start();
    }
    long start = System.nanoTime();
    List<ProcessInstance> builds = new ArrayList<>();
    clustersOfRun.forEach(c -> builds.add(start(request(ExampleRequest.newTicket(), c, 5, lab.fingerprint(),
        "LabDatastore"))));
    long heap = answerUntilEnded(builds, sampler);
    long wall = System.nanoTime() - start;
    if (sampler != null) {
      sampler.stop();
    }
    return new Run(builds, wall, heap);
  }

  /** Answers every task until all builds end; returns the used heap after GC once every plan was approved. */
  private long answerUntilEnded(List<ProcessInstance> builds, Sampler sampler) {
    Set<String> approved = new HashSet<>();
    long[] heap = {-1};
    answerUntilEnded(builds, Duration.ofMinutes(40), task -> {
      if (task.getTaskDefinitionKey().equals(PlanApproval.TASK)) {
        approved.add(task.getProcessInstanceId());
      }
    }, () -> {
      if (heap[0] < 0 && approved.size() == builds.size() && builds.size() > 1) {
        heap[0] = usedHeapAfterGc();
      }
      if (sampler != null) {
        sampler.sample();
      }
    });
    return heap[0];
  }


  record EdgeLock(double heldSeconds, double meanWaitSeconds, double maxWaitSeconds) {}

  /**
   * From the history: a build holds the edge from its first change (Task_AddVirtualIp) to the end
   * of Task_ReleaseEdgeLock, and waits from its first Task_AcquireEdgeLock until then.
   */
  private EdgeLock edgeLock(List<ProcessInstance> builds) {
    Set<String> roots = new HashSet<>(builds.stream().map(ProcessInstance::getId).toList());
    Map<String, Long> firstTry = firstByRoot("Task_AcquireEdgeLock", roots, true);
    Map<String, Long> taken = firstByRoot("Task_AddVirtualIp", roots, true);
    Map<String, Long> released = firstByRoot("Task_ReleaseEdgeLock", roots, false);
    double held = 0;
    double waited = 0;
    double maxWait = 0;
    for (String root : roots) {
      if (taken.containsKey(root) && released.containsKey(root) && firstTry.containsKey(root)) {
        held += (released.get(root) - taken.get(root)) / 1000.0;
        double wait = (taken.get(root) - firstTry.get(root)) / 1000.0;
        waited += wait;
        maxWait = Math.max(maxWait, wait);
      }
    }
    return new EdgeLock(held, waited / roots.size(), maxWait);
  }

  /** Per build (root instance): the earliest start, or the latest end, of an activity, in epoch milliseconds. */
  private Map<String, Long> firstByRoot(String activityId, Set<String> roots, boolean start) {
    Map<String, Long> times = new HashMap<>();
    for (HistoricActivityInstance a : engine.getHistoryService().createHistoricActivityInstanceQuery()
        .activityId(activityId).list()) {
      String root = a.getRootProcessInstanceId();
      Long time = start ? a.getStartTime().getTime() : a.getEndTime() == null ? null : a.getEndTime().getTime();
      if (root != null && roots.contains(root) && time != null) {
        times.merge(root, time, start ? Math::min : Math::max);
      }
    }
    return times;
  }

  private ProcessEngineConfigurationImpl engineConfiguration() {
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  private ThreadPoolTaskExecutor executor() {
    return (ThreadPoolTaskExecutor) ((SpringJobExecutor) engineConfiguration().getJobExecutor()).getTaskExecutor();
  }

  private String endOf(ProcessInstance build) {
    HistoricProcessInstance ended = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(build.getId()).singleResult();
    return ended.getEndTime() == null ? null : ended.getEndActivityId();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The machine's busy and total CPU ticks so far, from the first line of /proc/stat (idle and iowait are not busy). */
  private static long[] machineCpuTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      return new long[] {total - Long.parseLong(f[4]) - Long.parseLong(f[5]), total};
    } catch (IOException e) {
      return new long[] {0, 0};
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void print(String format, Object... args) {
    System.out.println("BENCH " + String.format(Locale.ROOT, format, args));
  }

  /**
   * Looks at the pools between answers: the job executor's busy threads and queue, the engine's
   * database connections in use, and the established TCP connections to each lab system (from
   * /proc/net/tcp, by the server's port: the client's side of each loopback connection).
   */
  private final class Sampler {
    private final ThreadPoolTaskExecutor pool;
    int maxActive;
    int maxQueued;
    int maxDbActive;
    final Map<String, Integer> peakConnections = new ConcurrentHashMap<>();
    private Map<Integer, String> systems;

    Sampler(ThreadPoolTaskExecutor pool) {
      this.pool = pool;
    }

    void start() {
      systems = Map.of(18989, "vCenter (vcsim :18989)", ca.port(), "CA (certsrv :" + ca.port() + ")",
          edge.url().getPort(), "edge manager (:" + edge.url().getPort() + ")",
          8281, "vCO nodes and virtual IPs :8281 (the lab edge's health checks included)",
          8283, "vCO nodes' configuration API :8283", 2222, "vCO nodes' SSH :2222");
    }

    void sample() {
      maxActive = Math.max(maxActive, pool.getActiveCount());
      maxQueued = Math.max(maxQueued, pool.getThreadPoolExecutor().getQueue().size());
      try {
        maxDbActive = Math.max(maxDbActive,
            dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().getActiveConnections());
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      Map<String, Integer> now = new HashMap<>();
      for (int port : established()) {
        String system = systems.get(port);
        if (system != null) {
          now.merge(system, 1, Integer::sum);
        }
      }
      now.forEach((system, count) -> peakConnections.merge(system, count, Math::max));
    }

    void stop() {
      sample();
    }

    /** This lab's addresses (little-endian in /proc): its servers on 127.0.10.x, the clusters it handed out. */
    private boolean ours(long address) {
      long third = address >> 16 & 0xFF;
      return (address & 0xFFFF) == 0x007F && (third == 10 || third >= 200);
    }

    /**
     * The remote port of every established connection of this machine to an IPv4 address (loopback:
     * both ends are listed), from /proc/net/tcp and tcp6 (the JDK's sockets are IPv6 with IPv4-mapped
     * addresses, {@code 0000000000000000FFFF0000} then the IPv4 address).
     */
    private List<Integer> established() {
      List<Integer> ports = new ArrayList<>();
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        try {
          Files.readAllLines(Path.of(table)).stream().skip(1).map(l -> l.trim().split("\\s+"))
              .filter(f -> f[3].equals("01")).forEach(f -> {
                String address = f[2].substring(0, f[2].indexOf(':'));
                boolean v4 = address.length() == 8 || address.startsWith("0000000000000000FFFF0000");
                if (v4 && ours(Long.parseLong(address.substring(address.length() - 8), 16))) {
                  ports.add(Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16));
                }
              });
        } catch (IOException e) {
          // no such table here
        }
      }
      return ports;
    }
  }
}

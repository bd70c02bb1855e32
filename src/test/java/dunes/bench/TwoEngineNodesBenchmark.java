package dunes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.dns.LabClusters;
import dunes.support.DunesNode;
import dunes.support.EngineNodesLab;
import dunes.support.ExampleRequest;
import dunes.support.RemoteOperator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Throughput of one Dunes engine node against two on one PostgreSQL database (docs/benchmarks.md):
 * a lab alone in its own JVM (127.0.72.x, builds' clusters on 127.0.73.x), {@code BUILDS} builds
 * requested at once at node-a alone, then as many new builds spread over node-a and node-b, each
 * phase timed from the first request to the last build's end. Builds per minute with two nodes
 * over one is the printed ratio. Run with {@code mvn -B -Pbench test}; it prints, it does not judge.
 */
class TwoEngineNodesBenchmark {

  private static final int BUILDS = Integer.getInteger("dunes.bench.node-builds", 10);
  private static final int LAB = 72;
  private static final String CLUSTERS = "127.0.73.";
  private static final Path WORK = Path.of("target", "two-engine-nodes-bench");
  private static final Duration PATIENCE = Duration.ofMinutes(15);

  private EngineNodesLab site;

  @AfterEach
  void stopEverything() throws Exception {
    if (site != null) {
      site.close();
    }
  }

  @Test
  void shouldPrintBuildsPerMinuteOfTwoEngineNodesAgainstOne() throws Exception {
    List<Build> first = IntStream.range(0, BUILDS).mapToObj(k -> new Build(k, ExampleRequest.newTicket())).toList();
    List<Build> second = IntStream.range(BUILDS, 2 * BUILDS).mapToObj(k -> new Build(k, ExampleRequest.newTicket()))
        .toList();
    List<Build> warmUp = IntStream.range(2 * BUILDS, 2 * BUILDS + 2).mapToObj(k -> new Build(k, ExampleRequest.newTicket()))
        .toList();
    List<Build> all = new ArrayList<>(first);
    all.addAll(second);
    all.addAll(warmUp);
    Map<LabClusters.Cluster, String> clusters = new LinkedHashMap<>();
    all.forEach(build -> clusters.put(build.cluster(), build.databaseName()));

    site = new EngineNodesLab(LAB, WORK, clusters);
    site.start("dunes_two_node_bench");
    DunesNode nodeA = site.startNode("bench-a", 61, 18072).awaitUp(Duration.ofMinutes(4));
    JdbcTemplate jdbc = site.jdbc();
    RemoteOperator people = RemoteOperator.of(site.lab());

    phase(warmUp, List.of(nodeA), people, jdbc); // node-a's JIT warm (node-b starts cold in its phase)
    long one = phase(first, List.of(nodeA), people, jdbc);
    DunesNode nodeB = site.startNode("bench-b", 62, 18072).awaitUp(Duration.ofMinutes(4));
    long two = phase(second, List.of(nodeA, nodeB), people, jdbc);

    Map<String, Integer> jobsByNode = new LinkedHashMap<>();
    jdbc.query("SELECT j.HOSTNAME_, COUNT(*) FROM ACT_HI_JOB_LOG j JOIN ACT_HI_PROCINST p ON p.ID_ = j.ROOT_PROC_INST_ID_"
        + " WHERE j.JOB_STATE_ = 2 AND p.BUSINESS_KEY_ IN (" + second.stream().map(b -> "?").collect(Collectors.joining(","))
        + ") GROUP BY j.HOSTNAME_ ORDER BY 1", row -> {
          jobsByNode.put(row.getString(1), row.getInt(2));
        }, second.stream().map(Build::ticket).toArray());
    double perMinuteOne = BUILDS / (one / 6e10);
    double perMinuteTwo = BUILDS / (two / 6e10);
    print("one engine node: %d builds in %.1f s = %.1f builds per minute", BUILDS, one / 1e9, perMinuteOne);
    print("two engine nodes on one PostgreSQL: %d builds in %.1f s = %.1f builds per minute; jobs run by node %s",
        BUILDS, two / 1e9, perMinuteTwo, jobsByNode);
    print("two nodes / one node (builds per minute) = %.2f (2.00 = the second node doubles throughput)",
        perMinuteTwo / perMinuteOne);
    assertThat(outcomes(jdbc, all)).as("every build").containsOnly("COMPLETED EndEvent_Completed").hasSize(all.size());
  }

  /** Requests every build at once, spread over {@code at}, answers their tasks until all end; the wall time. */
  private long phase(List<Build> builds, List<DunesNode> at, RemoteOperator people, JdbcTemplate jdbc)
      throws Exception {
    long start = System.nanoTime();
    for (Build build : builds) {
      DunesNode node = at.get(build.k() % at.size());
      HttpResponse<String> answer = people.requestBuild(node.base(), build.ticket(), build.request(site).toString());
      assertThat(answer.statusCode()).as(build.ticket() + ": " + answer.body()).isBetween(200, 204);
    }
    long deadline = start + PATIENCE.toNanos();
    while (outcomes(jdbc, builds).size() < builds.size()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not ended within " + PATIENCE + "; " + at.get(0).logTail());
      }
      List<String> incidents = jdbc.queryForList("SELECT i.ACTIVITY_ID_ || ': ' || i.INCIDENT_MSG_ FROM ACT_RU_INCIDENT i",
          String.class);
      assertThat(incidents).as("incidents").isEmpty();
      for (Build build : builds) {
        people.answerOpenTasks(at.get(build.k() % at.size()).base(), build.ticket());
      }
      Thread.sleep(200);
    }
    return System.nanoTime() - start;
  }

  /** Ended builds of {@code builds}: state and end event, by ticket. */
  private static List<String> outcomes(JdbcTemplate jdbc, List<Build> builds) {
    return jdbc.queryForList("SELECT STATE_ || ' ' || END_ACT_ID_ FROM ACT_HI_PROCINST WHERE PROC_DEF_KEY_ = 'VcoHaBuild'"
        + " AND SUPER_PROCESS_INSTANCE_ID_ IS NULL AND END_TIME_ IS NOT NULL AND BUSINESS_KEY_ IN ("
        + builds.stream().map(b -> "?").collect(Collectors.joining(",")) + ")", String.class,
        builds.stream().map(Build::ticket).toArray());
  }

  private static void print(String format, Object... args) {
    System.out.println("BENCH " + String.format(Locale.ROOT, format, args));
  }

  /** Build {@code k}: cluster {@code tb<k>} on 127.0.73.(10+4k), nodes {@code tb<k>-1}, {@code -2} next, database {@code tb<k>db}. */
  private record Build(int k, String ticket) {

    String databaseName() {
      return "tb" + k + "db";
    }

    String address(int host) {
      return CLUSTERS + (10 + 4 * k + host);
    }

    LabClusters.Cluster cluster() {
      String name = "tb" + k;
      List<LabClusters.Node> nodes = IntStream.rangeClosed(1, 2)
          .mapToObj(i -> new LabClusters.Node(name + "-" + i, name + "-" + i + ".lab.local", address(i))).toList();
      return new LabClusters.Cluster(name, name + ".lab.local", address(0), "255.255.255.0", CLUSTERS + "1", nodes);
    }

    ObjectNode request(EngineNodesLab site) {
      return site.request(ticket, cluster(), databaseName()).put("startDelaySeconds", 5);
    }
  }
}

package dunes.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.LabJournal;
import dunes.lab.dns.LabClusters;
import dunes.support.DunesNode;
import dunes.support.EngineNodesLab;
import dunes.support.ExampleRequest;
import dunes.support.LabProcess;
import dunes.support.RemoteOperator;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ten real lab builds on two Dunes engine nodes over one PostgreSQL database, one node killed
 * (SIGKILL) while it holds jobs of several builds: every build completes on the survivor, and the
 * lab's journal shows each effect once. The lab runs alone in its own JVM on 127.0.59.x; each
 * build has its own cluster (two nodes, a virtual IP, a database) there; the builds are started by
 * change management's message spread over both nodes, and their tasks are answered over REST at
 * whichever node is alive. Engine facts come from the shared database: which node ran which job is
 * the job log's {@code HOSTNAME_}, which node holds a job is the job's lock owner.
 */
class TwoEngineNodesBuildSuite {

  private static final int OCTET = 59;
  private static final int BUILDS = 10;
  private static final Path WORK = Path.of("target", "two-engine-nodes-build");
  private static final String PROCESS_KEY = "VcoHaBuild";
  /** A killed node's jobs come free after this: above the longest single call, short enough to wait for. */
  private static final int LOCK_MILLIS = 30_000;
  private static final Duration PATIENCE = Duration.ofMinutes(10);
  private static final int[] PORTS = {8281, 8286, 8287};
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineNodesLab site;
  private LabProcess lab;
  private DunesNode nodeA;
  private DunesNode nodeB;
  private JdbcTemplate jdbc;

  @AfterEach
  void stopEverything() throws Exception {
    if (site != null) {
      site.close();
    }
  }

  @Test
  void shouldCompleteTenBuildsOnTheSurvivorWhenANodeIsKilledMidWay() throws Exception {
    long began = System.nanoTime();
    List<Build> builds = new ArrayList<>();
    Map<LabClusters.Cluster, String> clusters = new LinkedHashMap<>();
    for (int k = 0; k < BUILDS; k++) {
      Build build = new Build(k, ExampleRequest.newTicket());
      builds.add(build);
      clusters.put(build.site(), build.databaseName());
    }

    site = new EngineNodesLab(OCTET, WORK, clusters);
    lab = site.lab();
    site.start("dunes_two_node_builds");
    Map<String, String> shared = site.properties();
    shared.put("camunda.bpm.job-execution.lock-time-in-millis", String.valueOf(LOCK_MILLIS));
    shared.put("camunda.bpm.job-execution.wait-time-in-millis", "200");
    shared.put("camunda.bpm.job-execution.max-wait", "1000");
    // an exec whose exit never arrives ends in 30 s and is retried (as LabRestartBuildTest)
    shared.put("dunes.appliance.shell.command-timeout", "PT30S");
    nodeA = site.startNode("node-a", 61, 18059);
    nodeB = site.startNode("node-b", 62, 18059);
    nodeA.awaitUp(Duration.ofMinutes(4));
    nodeB.awaitUp(Duration.ofMinutes(4));
    jdbc = site.jdbc();
    long started = System.nanoTime();

    RemoteOperator people = RemoteOperator.of(lab);
    for (Build build : builds) {
      DunesNode at = build.k() % 2 == 0 ? nodeA : nodeB;
      HttpResponse<String> answer = people.requestBuild(at.base(), build.ticket(), build.request(site).toString());
      assertThat(answer.statusCode()).as(build.ticket() + " at " + at.name() + ": " + answer.body()).isBetween(200, 204);
    }
    // change management sends a ticket again, this time to the other node: still one build per ticket
    Build again = builds.get(0);
    HttpResponse<String> twice = people.requestBuild(nodeB.base(), again.ticket(), again.request(site).toString());
    assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
    assertThat(twice.body()).contains("already has a build");

    Locks locks = new Locks();
    Kill kill = null;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    int turn = 0;
    while (ended() < BUILDS) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not ended within " + PATIENCE + ": " + running() + "\nnode-a:\n" + nodeA.logTail());
      }
      failOnIncident();
      locks.observe();
      if (kill == null && shouldKill(locks)) {
        kill = kill(locks);
      }
      for (Build build : builds) {
        DunesNode at = nodeB.isAlive() && turn++ % 2 == 1 ? nodeB : nodeA;
        people.answerOpenTasks(at.base(), build.ticket());
      }
      Thread.sleep(500);
    }
    Duration buildTime = Duration.ofNanos(System.nanoTime() - started);

    assertThat(kill).as("node-b was never killed: it never held jobs of several builds").isNotNull();
    Map<String, String> outcomes = jdbc.query("SELECT BUSINESS_KEY_, STATE_, END_ACT_ID_ FROM ACT_HI_PROCINST"
            + " WHERE PROC_DEF_KEY_ = ? AND SUPER_PROCESS_INSTANCE_ID_ IS NULL", (row, i) -> Map.entry(row.getString(1),
            row.getString(2) + " " + row.getString(3)), PROCESS_KEY).stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(outcomes).as("every build, once").hasSize(BUILDS);
    builds.forEach(build -> assertThat(outcomes.get(build.ticket())).as(build.ticket())
        .isEqualTo("COMPLETED EndEvent_Completed"));
    int completed = (int) outcomes.values().stream().filter("COMPLETED EndEvent_Completed"::equals).count();

    // node-b ran jobs of several builds and held some when it died; node-a finished what it held
    assertThat(kill.buildsRunByB()).as("builds node-b had run jobs of, unfinished at the kill").hasSizeGreaterThanOrEqualTo(3);
    assertThat(kill.heldBuilds()).as("builds whose jobs node-b held at the kill").hasSizeGreaterThanOrEqualTo(2);
    assertThat(kill.endedBefore()).as("builds ended before the kill").isLessThan(BUILDS);
    assertThat(jobsRun("node-b", null)).as("node-b ran nothing after its death").isEqualTo(kill.jobsRunByB());
    Map<String, String> heldJobsFinishedBy = finishers(kill.heldJobs(), kill.at());
    assertThat(heldJobsFinishedBy.values()).as("who ran the jobs node-b held, after the kill").isNotEmpty()
        .containsOnly("node-a");
    for (String build : kill.buildsRunByB()) {
      assertThat(jobsRun("node-a", build, kill.at())).as("node-a's jobs in build " + build + " after the kill")
          .isPositive();
    }

    // each effect once per build, read from the lab's own journal
    List<LabJournal.Entry> journal = lab.journal();
    List<CaRequest> requests = CaRequest.all(lab);
    Map<String, Integer> duplicates = new TreeMap<>();
    for (Build build : builds) {
      build.effects(journal, requests).forEach((effect, count) -> {
        assertThat(count).as(build.ticket() + ": " + effect).isPositive();
        if (count > 1) {
          duplicates.put(build.ticket() + " " + effect, count);
        }
      });
    }
    Duration total = Duration.ofNanos(System.nanoTime() - began);
    System.out.printf("two engine nodes: %d/%d builds completed after node-b was killed, duplicate effects: %d%n",
        completed, BUILDS, duplicates.size());
    System.out.printf("two engine nodes: node-b killed %s after the first build request, holding %d jobs of %d"
            + " builds %s, having run jobs of %d unfinished builds; builds took %s, the suite %s%n", kill.after(started),
        kill.heldJobs().size(), kill.heldBuilds().size(), kill.heldActivities(), kill.buildsRunByB().size(), buildTime,
        total);
    assertThat(duplicates).as("duplicate effects").isEmpty();
    assertThat(completed).isEqualTo(BUILDS);
  }

  // --- the kill ---------------------------------------------------------------------------------

  /** What the test saw when it killed node-b. */
  private record Kill(Instant at, long nanos, Set<String> heldJobs, Set<String> heldBuilds, List<String> heldActivities,
      Set<String> buildsRunByB, int jobsRunByB, int endedBefore) {
    Duration after(long started) {
      return Duration.ofNanos(nanos - started);
    }
  }

  /**
   * Mid-way: once the lab booted node 1 of half the builds (their imports done, clones, CSRs, edge
   * and vApp ahead), node-b has run jobs of three unfinished builds and holds jobs of two.
   */
  private boolean shouldKill(Locks locks) {
    return lab.journal().stream().filter(e -> e.system().equals("node") && e.operation().equals("first-boot")).count()
        >= BUILDS / 2 && unfinishedBuildsRunBy("node-b").size() >= 3
        && new HashSet<>(locks.heldBy("node-b").values()).size() >= 2;
  }

  /**
   * Kills node-b right after reading what it holds (null when that is no longer jobs of two builds);
   * what it held at its death are those jobs still there after the kill (one it finished in between is gone).
   */
  private Kill kill(Locks locks) throws InterruptedException {
    Set<String> runByB = unfinishedBuildsRunBy("node-b");
    int endedBefore = ended();
    locks.observe();
    Map<String, String> snapshot = locks.heldBy("node-b");
    if (new HashSet<>(snapshot.values()).size() < 2) {
      return null; // what it held a moment ago is done: next round
    }
    Instant at = Instant.now();
    long nanos = System.nanoTime();
    nodeB.kill();
    Map<String, String> held = new HashMap<>();
    List<String> activities = new ArrayList<>();
    if (!snapshot.isEmpty()) {
      jdbc.query("SELECT j.ID_, j.ROOT_PROC_INST_ID_, d.ACT_ID_ FROM ACT_RU_JOB j LEFT JOIN ACT_RU_JOBDEF d"
          + " ON d.ID_ = j.JOB_DEF_ID_ WHERE j.ID_ IN (" + snapshot.keySet().stream().map(j -> "?")
          .collect(Collectors.joining(",")) + ") ORDER BY 3", row -> {
            held.put(row.getString(1), row.getString(2));
            activities.add(row.getString(3));
          }, snapshot.keySet().toArray());
    }
    return new Kill(at, nanos, held.keySet(), new HashSet<>(held.values()), activities, runByB,
        jobsRun("node-b", null), endedBefore);
  }

  /**
   * The jobs each engine node holds (locked, lock not expired), by lock owner: each job executor
   * locks under an owner id of its own, tied to a node by the job log (a held job later run by it).
   */
  private final class Locks {
    private final Map<String, String> ownerOfJob = new HashMap<>();
    private Map<String, Map<String, String>> current = Map.of();

    void observe() {
      Map<String, Map<String, String>> byOwner = new HashMap<>();
      jdbc.query("SELECT ID_, LOCK_OWNER_, ROOT_PROC_INST_ID_ FROM ACT_RU_JOB WHERE LOCK_OWNER_ IS NOT NULL"
          + " AND LOCK_EXP_TIME_ > ?", row -> {
            ownerOfJob.put(row.getString(1), row.getString(2));
            byOwner.computeIfAbsent(row.getString(2), o -> new HashMap<>()).put(row.getString(1), row.getString(3));
          }, Timestamp.from(Instant.now()));
      current = byOwner;
    }

    /** Job id → build (root process instance) of the jobs {@code host} holds now. */
    Map<String, String> heldBy(String host) {
      Map<String, String> held = new HashMap<>();
      current.forEach((owner, jobs) -> {
        if (host.equals(hostOf(owner))) {
          held.putAll(jobs);
        }
      });
      return held;
    }

    private String hostOf(String owner) {
      Set<String> jobs = ownerOfJob.entrySet().stream().filter(e -> e.getValue().equals(owner)).map(Map.Entry::getKey)
          .collect(Collectors.toSet());
      Map<String, Long> votes = finishers(jobs, Instant.EPOCH).values().stream()
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
  }

  // --- the engine's history ---------------------------------------------------------------------

  /** Job id → the node that ran it to success after {@code since}. */
  private Map<String, String> finishers(Set<String> jobs, Instant since) {
    Map<String, String> finished = new HashMap<>();
    if (jobs.isEmpty()) {
      return finished;
    }
    String in = jobs.stream().map(j -> "?").collect(Collectors.joining(","));
    List<Object> arguments = new ArrayList<>(jobs);
    arguments.add(Timestamp.from(since));
    jdbc.query("SELECT JOB_ID_, HOSTNAME_ FROM ACT_HI_JOB_LOG WHERE JOB_STATE_ = 2 AND JOB_ID_ IN (" + in + ")"
        + " AND TIMESTAMP_ > ?", row -> {
          finished.put(row.getString(1), row.getString(2));
        }, arguments.toArray());
    return finished;
  }

  /** Builds (root process instances) not yet ended that {@code host} ran jobs of. */
  private Set<String> unfinishedBuildsRunBy(String host) {
    return new HashSet<>(jdbc.queryForList("SELECT DISTINCT j.ROOT_PROC_INST_ID_ FROM ACT_HI_JOB_LOG j"
        + " JOIN ACT_HI_PROCINST p ON p.ID_ = j.ROOT_PROC_INST_ID_ WHERE j.HOSTNAME_ = ? AND j.JOB_STATE_ = 2"
        + " AND p.END_TIME_ IS NULL", String.class, host));
  }

  /** Jobs of the builds {@code host} ran to success (of one build, when {@code build} is given). */
  private int jobsRun(String host, String build) {
    return jobsRun(host, build, Instant.EPOCH);
  }

  private int jobsRun(String host, String build, Instant since) {
    String sql = "SELECT COUNT(*) FROM ACT_HI_JOB_LOG j JOIN ACT_HI_PROCINST p ON p.ID_ = j.ROOT_PROC_INST_ID_"
        + " WHERE p.PROC_DEF_KEY_ = ? AND j.HOSTNAME_ = ? AND j.JOB_STATE_ = 2 AND j.TIMESTAMP_ > ?";
    return build == null
        ? jdbc.queryForObject(sql, Integer.class, PROCESS_KEY, host, Timestamp.from(since))
        : jdbc.queryForObject(sql + " AND p.ID_ = ?", Integer.class, PROCESS_KEY, host, Timestamp.from(since), build);
  }

  private int ended() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE PROC_DEF_KEY_ = ?"
        + " AND SUPER_PROCESS_INSTANCE_ID_ IS NULL AND END_TIME_ IS NOT NULL", Integer.class, PROCESS_KEY);
  }

  /** Where each unfinished build stands, for a failure message. */
  private List<String> running() {
    return jdbc.queryForList("SELECT p.BUSINESS_KEY_ || ' ' || a.PROC_DEF_KEY_ || '/' || a.ACT_ID_ FROM ACT_HI_ACTINST a"
        + " JOIN ACT_HI_PROCINST p ON p.ID_ = a.ROOT_PROC_INST_ID_ WHERE a.END_TIME_ IS NULL ORDER BY 1", String.class);
  }

  private void failOnIncident() {
    List<String> incidents = jdbc.queryForList("SELECT p.BUSINESS_KEY_ || ' ' || i.ACTIVITY_ID_ || ': ' || i.INCIDENT_MSG_"
        + " FROM ACT_RU_INCIDENT i JOIN ACT_HI_PROCINST q ON q.ID_ = i.PROC_INST_ID_"
        + " JOIN ACT_HI_PROCINST p ON p.ID_ = q.ROOT_PROC_INST_ID_", String.class);
    assertThat(incidents).as("incidents").isEmpty();
  }

  /** A request the lab's CA received (its request database, the last row of an id), with the SHA-256 of its key. */
  private record CaRequest(int id, String subject, String key) {

    static List<CaRequest> all(LabProcess lab) throws Exception {
      Map<Integer, JsonNode> last = new TreeMap<>();
      for (String line : Files.readAllLines(lab.state().resolve("ca").resolve("requests.jsonl"))) {
        if (!line.isBlank()) {
          JsonNode row = JSON.readTree(line);
          last.put(row.path("id").asInt(), row);
        }
      }
      List<CaRequest> requests = new ArrayList<>();
      for (JsonNode row : last.values()) {
        requests.add(new CaRequest(row.path("id").asInt(), row.path("subject").asText(), keyOf(row)));
      }
      return requests;
    }

    private static String keyOf(JsonNode row) throws Exception {
      byte[] key;
      if (row.hasNonNull("certificate")) {
        key = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
            row.path("certificate").asText().getBytes(StandardCharsets.US_ASCII))).getPublicKey().getEncoded();
      } else {
        try (PEMParser pem = new PEMParser(new StringReader(row.path("csr").asText()))) {
          key = ((PKCS10CertificationRequest) pem.readObject()).getSubjectPublicKeyInfo().getEncoded();
        }
      }
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 16);
    }
  }

  // --- one build --------------------------------------------------------------------------------

  /**
   * Build {@code k}: cluster {@code vcvcotn<k>} at 127.0.59.(100+10k), nodes {@code tn<k>1} and
   * {@code tn<k>2} at the next two addresses, database {@code tn<k>db}.
   */
  private record Build(int k, String ticket) {

    String cluster() {
      return "vcvcotn" + k;
    }

    String node(int i) {
      return "tn" + k + i;
    }

    String databaseName() {
      return "tn" + k + "db";
    }

    String address(int host) {
      return "127.0." + OCTET + "." + (100 + 10 * k + host);
    }

    /** The names and addresses a site's network team gives the build, in the lab's DNS from its start. */
    LabClusters.Cluster site() {
      List<LabClusters.Node> nodes = List.of(new LabClusters.Node(node(1), node(1) + ".lab.local", address(1)),
          new LabClusters.Node(node(2), node(2) + ".lab.local", address(2)));
      return new LabClusters.Cluster(cluster(), cluster() + ".lab.local", address(0), "255.255.255.0",
          "127.0." + OCTET + ".1", nodes);
    }

    /** The README's example request at this build's names and addresses, the lab's systems pinned. */
    ObjectNode request(EngineNodesLab on) {
      return on.request(ticket, site(), databaseName());
    }

    /**
     * How often the lab saw each of this build's intended effects: the import (node 1's first boot)
     * and the clone (node 2's disk), each CSR by the key it certifies (the CA's requests), per port
     * one pool and one virtual server, the vApp, and the report to change management. An effect
     * missing counts 0.
     */
    Map<String, Integer> effects(List<LabJournal.Entry> journal, List<CaRequest> requests) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      counts.put("import " + node(1), count(journal, "node", node(1), "first-boot", null));
      counts.put("clone " + node(2), count(journal, "node", node(2), "disk-cloned", null));
      for (int port : PORTS) {
        String pool = cluster() + "-" + port;
        counts.put("pool " + pool, count(journal, "edge", null, "add-pool", " " + pool));
        counts.put("virtual server " + pool + "-vip", count(journal, "edge", null, "add-virtual-server", " " + pool + "-vip"));
      }
      counts.put("vApp " + cluster(), count(journal, "vsphere", cluster(), "vapp-seen", null));
      counts.put("report 'completed' to change management", count(journal, "changes", ticket, "completed", null));
      Map<String, Integer> csrs = new TreeMap<>();
      requests.stream().filter(r -> r.subject().startsWith("CN=" + cluster() + ".lab.local,"))
          .forEach(r -> csrs.merge("CSR of key " + r.key(), 1, Integer::sum));
      // two certificates (the vCO server's and the package-signing one), each with its own key: a third key is
      // a CSR too many (counted as a duplicate), fewer is a certificate missing
      int keys = csrs.size();
      counts.put("keys certified for " + cluster() + " (2 expected)", keys < 2 ? 0 : keys - 1);
      counts.putAll(csrs);
      return counts;
    }

    private static int count(List<LabJournal.Entry> journal, String system, String target, String operation,
        String detailEnd) {
      return (int) journal.stream().filter(e -> e.system().equals(system) && e.operation().equals(operation)
          && (target == null || e.target().equals(target)) && (detailEnd == null || e.detail().endsWith(detailEnd)))
          .count();
    }
  }
}

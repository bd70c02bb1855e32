package dunes.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabJournal;
import dunes.lab.ca.CertificateRequest;
import dunes.lab.dns.LabClusters;
import dunes.pki.Fingerprints;
import dunes.security.DunesGroups;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import dunes.support.PlanApproval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A fault storm: 20 lab builds at once while 10 % of the calls to every lab endpoint — certsrv, the
 * vShield Manager and its virtual IPs, SSO, the nodes' vCO and configuration REST and their SSH,
 * the SQL Server stand-in, vCenter through its front, change management — fail with HTTP 500 or
 * 503, a reset, a timeout, garbage, or are delayed (docs/lab.md, "Fault storms"). The builds'
 * Tasklist tasks are answered as an operator would. Every build must end as expected — completed,
 * or held at incidents whose messages say what failed after the retries ran out — and the lab's
 * journal must show no effect twice. The lab runs in this context on 127.0.58.x (vCenter's front
 * on 18989).
 */
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:dunes-fault-storm;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=true",
    "camunda.bpm.job-execution.core-pool-size=8", // a step held by a timeout fault must not stall the others
    "camunda.bpm.job-execution.max-pool-size=8",
    "spring.datasource.hikari.maximum-pool-size=24", // 2 x job threads + 2 (docs/operations.md, "Sizing the job executor")
    "dunes.lab.credentials-file=target/fault-storm/lab-credentials.properties",
    "dunes.lab.vsphere.address=127.0.58.40",
    "dunes.lab.vsphere.port=0", // vcsim itself; Dunes dials its front
    "dunes.lab.vsphere.front-port=18989",
    "dunes.lab.vsphere.work-dir=target/fault-storm/vsphere",
    "dunes.lab.vsphere.tools-heartbeat-delay=1h", // as LabBuildTest: the operator powers node 1 off for its clone
    "dunes.lab.nodes.work-dir=target/fault-storm/nodes",
    "dunes.lab.ca.address=127.0.58.60",
    "dunes.lab.ca.mode=AUTO_ISSUE", // the lab profile holds requests for a CA manager; this suite plays none
    "dunes.lab.ca.port=0",
    "dunes.lab.edge.address=127.0.58.70",
    "dunes.lab.edge.port=0",
    "dunes.lab.sso.address=127.0.58.81",
    "dunes.lab.sso.port=0",
    "dunes.lab.reference.address=127.0.58.19",
    "dunes.lab.reference.work-dir=target/fault-storm/reference",
    "dunes.lab.changes.address=127.0.58.50",
    "dunes.lab.changes.port=18090",
    "dunes.change-management.callback-url=http://127.0.58.50:18090/changes",
    "dunes.lab.dns.address=127.0.58.53",
    "dunes.lab.dns.port=" + ExampleRequest.LAB_DNS_PORT,
    "dunes.lab.dns.work-dir=target/fault-storm/dns",
    "dunes.dns.port=" + ExampleRequest.LAB_DNS_PORT,
    // a timeout fault holds its call until the client gives up: the clients give up sooner than in production
    "dunes.vsphere.read-timeout=10s",
    "dunes.vsphere.upload-timeout=30s", // the lab's disk is a few kilobytes; a held upload fails and is retried
    "dunes.vsphere.lease-wait=30s",
    "dunes.appliance.config.response-timeout=5s",
    "dunes.appliance.shell.auth-timeout=5s",
    "dunes.appliance.shell.command-timeout=10s",
    "dunes.pki.certsrv.response-timeout=5s",
    "dunes.pki.probe-read-timeout=5s",
    "dunes.edge.response-timeout=5s",
    // a build held at an incident while it holds the edge frees it for the others within the run
    "dunes.edge.lock.lease=PT30S"},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("lab")
class FaultStormSuite extends LabBuildTest {

  private static final Logger LOG = LoggerFactory.getLogger(FaultStormSuite.class);
  private static final int BUILDS = 20;
  private static final double PROBABILITY = 0.10;
  private static final Duration STORM_TIME = Duration.ofMinutes(9);
  private static final int[] PORTS = {8281, 8286, 8287};
  /** the cluster's TLS certificate and its package signing certificate: one CSR each */
  private static final int CERTIFICATES = 2;

  /** One build of the storm: its ticket, names and instance. */
  private record Build(String ticket, String cluster, String node1, String node2, ProcessInstance instance) {}

  /** How a build ended: completed, held at incidents (their messages), or otherwise (what it shows). */
  private record Ending(String kind, String detail) {}

  @AfterEach
  void calm() {
    faults.clear();
  }

  @Test
  void shouldEndTwentyBuildsAsExpectedWithoutADuplicateEffectUnderTenPercentFaults() {
    faults.storm("*", PROBABILITY, Duration.ofSeconds(1));
    long begin = System.nanoTime();
    List<Build> builds = new ArrayList<>();
    for (int k = 0; k < BUILDS; k++) {
      builds.add(start(k));
    }
    Map<Build, Ending> endings = operateUntilSettled(builds);
    faults.clear();
    long seconds = Duration.ofNanos(System.nanoTime() - begin).toSeconds();

    Map<String, Integer> duplicates = new TreeMap<>();
    builds.forEach(b -> duplicates.putAll(duplicatesOf(b, endings.get(b))));
    long completed = endings.values().stream().filter(e -> e.kind().equals("completed")).count();
    long incidents = endings.values().stream().filter(e -> e.kind().equals("incident")).count();
    long expected = completed + incidents;
    int duplicateCount = duplicates.values().stream().mapToInt(Integer::intValue).sum();
    long percent = Math.round(PROBABILITY * 100);

    Map<String, Map<String, Long>> injected = faults.injected();
    Map<String, Map<String, Long>> byFamily = new TreeMap<>();
    injected.forEach((endpoint, kinds) -> kinds.forEach((kind, n) ->
        byFamily.computeIfAbsent(family(endpoint), f -> new TreeMap<>()).merge(kind, n, Long::sum)));
    StringBuilder figure = new StringBuilder(String.format(java.util.Locale.ROOT,
        "%nfault storm: %d/%d builds ended as expected (%d completed, %d in a readable incident) under %d%% faults, "
            + "duplicate effects: %d (%d s)%nfault storm: %d/%d builds ended as expected under %d%% faults with %d "
            + "duplicates%nfault storm: faults injected per endpoint (%d in all):%n", expected, BUILDS, completed,
        incidents, percent, duplicateCount, seconds, expected, BUILDS, percent, duplicateCount,
        injected.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum()));
    byFamily.forEach((endpoint, kinds) -> figure.append("  ").append(endpoint).append(' ').append(kinds).append('\n'));
    endings.forEach((b, e) -> figure.append("fault storm: build ").append(b.ticket()).append(" (").append(b.cluster())
        .append("): ").append(e.kind()).append(e.detail().isEmpty() ? "" : ": " + e.detail()).append('\n'));
    System.out.print(figure); // one write: the figure stays in one piece between the log lines

    assertThat(duplicates).as("effects made twice").allSatisfy((effect, n) -> assertThat(n).as(effect).isZero());
    assertThat(endings).as("builds that ended otherwise than completed or at a readable incident")
        .allSatisfy((b, e) -> assertThat(e.kind()).as(b.ticket() + " " + b.cluster() + ": " + e.detail())
            .isIn("completed", "incident"));
    assertThat(injected.keySet()).as("the storm reached every kind of endpoint")
        .anyMatch(e -> e.startsWith("vsphere:")).anyMatch(e -> e.endsWith(":ssh")).anyMatch(e -> e.startsWith("ca:"))
        .anyMatch(e -> e.startsWith("edge:")).anyMatch(e -> e.startsWith("node:"));
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Build {@code k}: cluster vcvcos{letter} at 127.0.58.(150+k), its nodes s{letter}1, s{letter}2 at
   * 127.0.58.(100+2k+1, +2). Their forward and reverse records go into one hosts file, which the
   * lab's DNS re-reads at once: one write per build instead of one per name.
   */
  private Build start(int k) {
    String prefix = "s" + (char) ('a' + k);
    String ticket = ExampleRequest.newTicket();
    List<LabClusters.Node> nodes = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      nodes.add(new LabClusters.Node(prefix + i, prefix + i + ".lab.local", "127.0.58." + (100 + 2 * k + i)));
    }
    LabClusters.Cluster cluster = new LabClusters.Cluster("vcvco" + prefix, "vcvco" + prefix + ".lab.local",
        "127.0.58." + (150 + k), "255.255.255.0", "127.0.58.1", nodes);
    Map<String, String> records = new LinkedHashMap<>();
    records.put(cluster.fqdn(), cluster.virtualIp());
    nodes.forEach(n -> records.put(n.fqdn(), n.ip()));
    dns.putFile("storm-" + prefix + ".hosts", records);
    return new Build(ticket, cluster.name(), prefix + "1", prefix + "2",
        start(request(ticket, cluster, 5, lab.fingerprint(), "LabDatastore")));
  }

  /** Answers every build's tasks as an operator would until each has ended or is held at incidents only. */
  private Map<Build, Ending> operateUntilSettled(List<Build> builds) {
    long deadline = System.nanoTime() + STORM_TIME.toNanos();
    Map<Build, Ending> endings = new LinkedHashMap<>();
    while (endings.size() < builds.size() && System.nanoTime() < deadline) {
      for (Build build : builds) {
        if (endings.containsKey(build)) {
          continue;
        }
        engine.getTaskService().createTaskQuery().processInstanceBusinessKey(build.ticket()).list()
            .forEach(task -> answer(build, task));
        settled(build).ifPresent(ending -> endings.put(build, ending));
      }
      org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    }
    for (Build build : builds) {
      endings.computeIfAbsent(build, b -> new Ending("stuck", "after " + STORM_TIME + " still at "
          + activeActivities(b.instance()) + ", jobs " + jobsOf(b.ticket())));
    }
    return endings;
  }

  /** The people's answers: the operator approves the plan and powers node 1 off for its clone, an approver looks a lost CSR up at the CA. */
  private void answer(Build build, Task task) {
    Map<String, Object> variables = switch (task.getTaskDefinitionKey()) {
      case PlanApproval.TASK -> PlanApproval.APPROVE;
      case "Task_ShutdownNodeForClone" -> Map.of("shutdownMethod", "powerOff", "shutdownConfirmed", true);
      case "Task_FindSubmittedRequest" -> findAtTheCa(task);
      default -> throw new AssertionError("build " + build.ticket() + " asks an operator for " + task.getTaskDefinitionKey()
          + ", which a fault storm should not need: " + engine.getTaskService().getVariables(task.getId()).keySet());
    };
    // authenticated, as in Tasklist: the plan's approval records who; a lost CSR is a pki-approvers member's to find
    boolean pki = task.getTaskDefinitionKey().equals("Task_FindSubmittedRequest");
    String user = pki ? "approver" : "operator";
    LOG.info("{} answers {} of {} with {}", user, task.getTaskDefinitionKey(), build.ticket(), variables);
    PlanApproval.complete(engine, task, user, pki ? DunesGroups.PKI_APPROVERS : DunesGroups.OPERATORS, variables);
  }

  /** As an operator in the CA console: a request issued for the submitted key, or none. */
  private Map<String, Object> findAtTheCa(Task task) {
    String keySha256 = (String) engine.getTaskService().getVariable(task.getId(), "certificateKeySha256");
    Optional<CertificateRequest> found = ca.requests().stream().filter(r -> r.issued().isPresent()
        && Fingerprints.publicKeySha256(r.issued().get().getPublicKey()).equals(keySha256)).findFirst();
    return found.<Map<String, Object>>map(r -> Map.of("submissionFinding", "found", "foundRequestId", (long) r.id()))
        .orElse(Map.of("submissionFinding", "none"));
  }

  /** Ended, or held at incidents with nothing else left to run; empty while it still moves. */
  private Optional<Ending> settled(Build build) {
    HistoricProcessInstance root = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(build.instance().getId()).singleResult();
    if (root.getEndTime() != null) {
      return Optional.of("EndEvent_Completed".equals(root.getEndActivityId()) ? new Ending("completed", "")
          : new Ending("ended at " + root.getEndActivityId(), variable(build.instance(), "failureCode") + ": "
              + variable(build.instance(), "failureMessage") + "; probe findings: " + probeFindings(build)));
    }
    List<Incident> incidents = incidentsOf(build.ticket());
    if (incidents.isEmpty() || !jobsOf(build.ticket()).isEmpty()
        || engine.getTaskService().createTaskQuery().processInstanceBusinessKey(build.ticket()).count() > 0) {
      return Optional.empty();
    }
    // a call activity's incident only points at its cause: the failed job's own incident holds the message
    List<Incident> causes = incidents.stream().map(i -> i.getRootCauseIncidentId() == null ? i
        : engine.getRuntimeService().createIncidentQuery().incidentId(i.getRootCauseIncidentId()).singleResult())
        .filter(Objects::nonNull).toList();
    List<String> unreadable = causes.stream().filter(i -> !readable(i.getIncidentMessage()))
        .map(i -> i.getActivityId() + ": " + i.getIncidentMessage()).distinct().toList();
    String messages = causes.stream().map(i -> i.getActivityId() + ": " + i.getIncidentMessage()).distinct()
        .collect(Collectors.joining(" | "));
    return Optional.of(unreadable.isEmpty() ? new Ending("incident", messages)
        : new Ending("unreadable incident", String.join(" | ", unreadable)));
  }

  /** The probe reports with findings, for a build that was not started. */
  private List<String> probeFindings(Build build) {
    String[] instances = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(build.ticket()).list().stream().map(HistoricProcessInstance::getId)
        .toArray(String[]::new);
    return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceIdIn(instances)
        .variableNameLike("probeReport_%").list().stream().map(v -> String.valueOf(v.getValue()))
        .filter(report -> !report.contains("\"findings\":[]")).toList();
  }

  /** A message that names what failed: words, not empty, not a bare class name, not a stack trace. */
  static boolean readable(String message) {
    return message != null && message.strip().length() >= 20 && message.strip().contains(" ")
        && !message.contains("\tat ")
        && !message.strip().matches("[\\w.$]+(Exception|Error)(: null)?") && !message.contains("null: null");
  }

  private List<Incident> incidentsOf(String ticket) {
    return instancesOf(ticket).stream()
        .flatMap(id -> engine.getRuntimeService().createIncidentQuery().processInstanceId(id).list().stream()).toList();
  }

  /** The build's jobs that will still run: due or retrying, not those at an incident. */
  private List<String> jobsOf(String ticket) {
    return instancesOf(ticket).stream()
        .flatMap(id -> engine.getManagementService().createJobQuery().processInstanceId(id).list().stream())
        .filter(j -> j.getRetries() > 0).map(j -> j.getProcessDefinitionKey() + "/" + j.getId()).toList();
  }

  private List<String> instancesOf(String ticket) {
    return engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(ticket).list().stream()
        .map(ProcessInstance::getId).toList();
  }

  /**
   * Effects the lab journaled more than once for the build, by effect: node 1's import (its first
   * boot), node 2's clone, the vApp, each port's pool and virtual server, each certificate's CSR (one
   * per key, and no more than one per certificate). A completed build that lacks one is logged.
   */
  private Map<String, Integer> duplicatesOf(Build build, Ending ending) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("import " + build.node1(), count("node", e -> e.target().equals(build.node1())
        && e.operation().equals("first-boot")));
    counts.put("clone " + build.node2(), count("node", e -> e.target().equals(build.node2())
        && e.operation().equals("disk-cloned")));
    counts.put("vApp " + build.cluster(), count("vsphere", e -> e.target().equals(build.cluster())
        && e.operation().equals("vapp-seen")));
    for (int port : PORTS) {
      String pool = build.cluster() + "-" + port;
      counts.put("pool " + pool, count("edge", e -> e.operation().equals("add-pool") && e.detail().endsWith(" " + pool)));
      counts.put("virtual server " + pool + "-vip", count("edge", e -> e.operation().equals("add-virtual-server")
          && e.detail().endsWith(" " + pool + "-vip")));
    }
    List<LabJournal.Entry> csrs = journal.entries("ca").stream().filter(e -> e.operation().equals("submit")
        && e.detail().contains("CN=" + build.cluster() + ".lab.local,")).toList();
    csrs.stream().collect(Collectors.groupingBy(e -> keyOf(Integer.parseInt(e.target())), TreeMap::new,
        Collectors.counting())).forEach((key, n) -> counts.put("CSR for key " + key, n.intValue()));
    // a second CSR with a new key for the same certificate is a duplicate too
    counts.put("CSRs, one per certificate", Math.max(1, csrs.size() - CERTIFICATES + 1));

    Map<String, Integer> duplicates = new TreeMap<>();
    counts.forEach((effect, n) -> {
      if (ending.kind().equals("completed") && n == 0) {
        LOG.warn("build {} completed without the lab seeing {}", build.ticket(), effect);
      }
      if (n > 1) {
        LOG.warn("build {}: {} made {} times", build.ticket(), effect, n);
      }
      duplicates.put(build.ticket() + " " + effect, Math.max(0, n - 1));
    });
    return duplicates;
  }

  /** The key a CA request was issued for (a request not issued stands for itself). */
  private String keyOf(int requestId) {
    return ca.request(requestId).flatMap(CertificateRequest::issued)
        .map(c -> Fingerprints.publicKeySha256(c.getPublicKey()).substring(0, 16)).orElse("of request " + requestId);
  }

  private int count(String system, Predicate<LabJournal.Entry> which) {
    return (int) journal.entries(system).stream().filter(which).count();
  }

  /** An endpoint's family for the printed figure: ca:certfnsh, node:*:ssh, edge:vip:*, vsphere:sdk, ... */
  private static String family(String endpoint) {
    String[] parts = endpoint.split(":");
    if (parts[0].equals("node") && parts.length == 3) {
      return "node:*:" + parts[2];
    }
    return parts[0].equals("edge") && parts.length > 2 && parts[1].equals("vip") ? "edge:vip:*" : endpoint;
  }
}

package dunes.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.LabJournal;
import dunes.support.DunesNode;
import dunes.support.ExampleRequest;
import dunes.support.LabProcess;
import dunes.support.RemoteOperator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The crash suite: Dunes in a JVM of its own beside the lab running alone (its own JVM, durable
 * state), killed with SIGKILL at real crash points spread over two builds, and started again each
 * time. Build A runs to the end; build B is cancelled once the edge has one of its virtual servers, and crashes
 * during its undo. Each point ({@link CrashKillPoints}) sits right after an external effect and
 * before Dunes records it. Every start of the node arms every point not yet taken: the first one
 * reached prints its line, the suite kills the node and starts it again. At the end both builds
 * must have ended as they should (A completed, B cancelled, from the engine's history over REST)
 * and the lab's journal must show one effect per intended change; the figure line says so.
 * Addresses 127.0.57.x ({@link LabProcess}: the lab's systems; .10-.12 build A, .13-.15 build B).
 */
class CrashSuite {

  private static final Logger LOG = LoggerFactory.getLogger(CrashSuite.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int OCTET = 57;
  private static final Path WORK = Path.of("target", "crash-suite");
  private static final Duration PATIENCE = Duration.ofMinutes(9);
  private static final String TICKET_A = "CHG0057001";
  private static final String TICKET_B = "CHG0057002";

  private static final String KEYSTORE = "/etc/vco/app-server/security/jssecacerts";

  /**
   * The crash points, each with the build it strikes: build A (cluster vcvco at .10, nodes .11,
   * .12) runs to completion, build B (vcvcb at .13, nodes .14, .15) is cancelled once the edge has
   * one of its virtual servers, and crashes in its undo. A name ending in {@code *} takes the first point it begins.
   */
  static final Map<String, String> POINTS = points(
      "vsphere:upload vcvco1", TICKET_A, // during the OVF upload (a worker thread, off the job)
      "shell:restart-poll 127.0.57.11", TICKET_A, // vco-server restarted, its state being polled
      "certsrv:submit package-signing vcvco.lab.local", TICKET_A, // the CA took the CSR, Dunes has no request id
      "shell:upload 127.0.57.11 " + KEYSTORE, TICKET_A, // the keystore on the node, Dunes has not recorded it
      "certsrv:submit client vcvco.lab.local", TICKET_A,
      "vsphere:clone started vcvco2", TICKET_A, // CloneVM_Task copying (45 s), the job not committed
      "edge:add-pool vcvco-8281", TICKET_A, // between the edge's POSTs: a pool without its virtual server
      "edge:add-virtual-server vcvco-8286-vip", TICKET_A,
      "vsphere:vapp vcvco", TICKET_A, // the vApp made and set up, the job not committed
      "vsphere:import lease recorded vcvcb1", TICKET_B, // ImportVApp done, no disk sent yet
      "edge:delete-virtual-server *", TICKET_B, // the undo: between the edge's DELETEs
      "edge:delete-pool *", TICKET_B,
      "shell:restore-upload 127.0.57.14 " + KEYSTORE, TICKET_B, // the undo: the backup back on node 1
      "vsphere:remove-vm undo " + TICKET_B + " *", TICKET_B); // the undo: Destroy_Task started

  private static Map<String, String> points(String... pointsAndTickets) {
    Map<String, String> points = new LinkedHashMap<>();
    for (int i = 0; i < pointsAndTickets.length; i += 2) {
      points.put(pointsAndTickets[i], pointsAndTickets[i + 1]);
    }
    return points;
  }

  /** A crash point the node stopped at, as armed, and the build it struck. */
  record Taken(String point, String armed, String ticket) {}

  private final List<DunesNode> started = new ArrayList<>();
  private LabProcess lab;
  private RemoteOperator people;
  private DunesNode node;

  @AfterEach
  void stop() throws Exception {
    for (DunesNode node : started) {
      node.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void shouldEndEveryBuildAsItShouldWithOneEffectPerChangeAcrossKilledDunes() throws Exception {
    long began = System.nanoTime();
    FileSystemUtils.deleteRecursively(WORK);
    lab = LabProcess.at(OCTET, WORK.resolve("lab"), labProperties());
    lab.start();
    people = RemoteOperator.of(lab).answering("Task_FindSubmittedRequest",
        new RemoteOperator.Answer("approver", this::findAtTheCa));
    List<String> armed = new ArrayList<>(System.getProperty("crash.points") != null
        ? Arrays.asList(System.getProperty("crash.points").split(","))
        : POINTS.keySet());
    List<Taken> taken = new ArrayList<>();
    int starts = 0;
    node = startNode(++starts, armed);
    assertStarted(people.requestBuild(node.base(), TICKET_A, request(TICKET_A, "vcvco", 10)));
    assertStarted(people.requestBuild(node.base(), TICKET_B, request(TICKET_B, "vcvcb", 13)));
    boolean cancelled = false;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!(ended(people, node, TICKET_A) && ended(people, node, TICKET_B))) {
      assertThat(System.nanoTime()).as("the builds did not end in %s; points taken %s; node log:%n%s", PATIENCE,
          taken, node.logTail()).isLessThan(deadline);
      people.answerOpenTasks(node.base(), TICKET_A);
      people.answerOpenTasks(node.base(), TICKET_B);
      if (!cancelled && loadBalancerUp("vcvcb")) {
        HttpResponse<String> cancel = people.send(node.base(), "POST", "/api/builds/" + TICKET_B + "/cancel", "",
            "operator");
        cancelled = cancel.statusCode() == 202 || cancel.statusCode() == 200;
        LOG.info("cancel of {}: {} {}", TICKET_B, cancel.statusCode(), cancel.body());
      }
      List<String> hit = killLines(node);
      if (!hit.isEmpty()) {
        Thread.sleep(200); // a thread a moment behind the first one parks too, and says so
        hit = killLines(node);
        node.kill(); // SIGKILL
        LOG.info("killed Dunes at {}", hit);
        for (String point : hit) {
          String armedAs = armed.stream().filter(a -> matches(a, point)).findFirst().orElse(point);
          armed.remove(armedAs);
          taken.add(new Taken(point, armedAs, POINTS.getOrDefault(armedAs, "?")));
        }
        node = startNode(++starts, armed); // a log of its own
      }
      Thread.sleep(300);
    }
    double minutes = (System.nanoTime() - began) / 60e9;

    Map<String, String> outcomes = Map.of(TICKET_A, endActivity(people, node, TICKET_A),
        TICKET_B, endActivity(people, node, TICKET_B));
    Map<String, String> expected = Map.of(TICKET_A, "COMPLETED EndEvent_Completed", TICKET_B,
        "COMPLETED EndEvent_Cancelled");
    Map<String, Long> duplicates = duplicates(lab.journal(), caRequests());
    Map<String, Boolean> present = present(lab.journal());
    long recovered = taken.stream().filter(t -> expected.get(t.ticket()).equals(outcomes.get(t.ticket()))).count();
    long duplicateEffects = duplicates.values().stream().mapToLong(Long::longValue).sum();
    LOG.info("points taken {} (not reached: {}), outcomes {}, effects beyond one {}, {} Dunes starts in {} min",
        taken, armed, outcomes, duplicates, starts, String.format("%.1f", minutes));
    System.out.printf("crash points: %d/%d recovered, duplicate effects: %d%n", recovered, taken.size(),
        duplicateEffects);

    assertThat(outcomes).isEqualTo(expected);
    assertThat(present).as("build A's VMs, pools, virtual servers and vApp stay; build B's are undone").allSatisfy(
        (effect, there) -> assertThat(there).as(effect).isEqualTo(effect.contains("vcvco")));
    assertThat(taken.size()).as("crash points taken").isGreaterThanOrEqualTo(12);
    assertThat(recovered).isEqualTo(taken.size());
    String certificate = " CN=vcvco.lab.local,OU=Automation,O=Dunes Lab,C=DE";
    assertThat(duplicates.keySet().stream().filter(change -> change.contains("vcvco")))
        .as("build A's changes, each made").containsExactlyInAnyOrder("import vcvco1", "clone vcvco2",
            "csr package-signing" + certificate, "csr client" + certificate, "pool vcvco-8281", "pool vcvco-8286",
            "pool vcvco-8287", "virtual server vcvco-8281-vip", "virtual server vcvco-8286-vip",
            "virtual server vcvco-8287-vip", "vapp vcvco");
    assertThat(duplicates).as("effects beyond one per change").allSatisfy((change, extra) -> assertThat(extra)
        .as(change).isZero());
  }

  // --- the node

  private DunesNode startNode(int n, List<String> armed) throws Exception {
    Map<String, String> properties = new LinkedHashMap<>(lab.dunesProperties());
    properties.put("spring.datasource.url", labDatabaseUrl().replace("./data/lab/dunes",
        WORK.resolve("engine").toAbsolutePath() + "/dunes"));
    // a dead node's jobs are taken again within seconds; still above any single call of the lab
    properties.put("camunda.bpm.job-execution.lock-time-in-millis", "15000");
    properties.put("dunes.appliance.shell.command-timeout", "PT10S");
    // an upload whose JVM died is taken as abandoned after four missed heartbeats
    properties.put("dunes.vsphere.upload-heartbeat", "PT2S");
    properties.put("logging.level.root", "WARN");
    properties.put("logging.level.dunes", "INFO");
    properties.put(CrashKillPoints.PROPERTY, armed.isEmpty() ? "none" : String.join(",", armed));
    DunesNode node = DunesNode.start("crash-" + n, lab.address(60), 18080, "lab", properties);
    started.add(node);
    return node.awaitUp(Duration.ofMinutes(2));
  }



  /** The lab profile's engine database URL, options and all (what the README's run command uses). */
  private static String labDatabaseUrl() throws IOException {
    java.util.regex.Matcher url = java.util.regex.Pattern.compile("(?m)^\\s+url: (jdbc:h2:file:\\S+)")
        .matcher(Files.readString(Path.of("src/main/resources/application-lab.yaml")));
    assertThat(url.find()).as("the lab profile's datasource URL").isTrue();
    return url.group(1);
  }

  /** The kill lines the node printed since {@code from}: the points it stopped at. */
  private static List<String> killLines(DunesNode node) throws IOException {
    long from = 0;
    Path log = Path.of("target", "dunes-nodes", node.name() + ".log");
    List<String> points = new ArrayList<>();
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      if (file.length() <= from) {
        return points;
      }
      byte[] tail = new byte[(int) (file.length() - from)];
      file.seek(from);
      file.readFully(tail);
      for (String line : new String(tail, StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith(CrashKillPoints.KILL)) {
          points.add(line.substring(CrashKillPoints.KILL.length()).strip());
        } else if (line.startsWith(CrashKillPoints.ALSO)) {
          points.add(line.substring(CrashKillPoints.ALSO.length()).strip());
        }
      }
    }
    return points;
  }

  private static boolean matches(String armed, String point) {
    return armed.endsWith("*") ? point.startsWith(armed.substring(0, armed.length() - 1)) : point.equals(armed);
  }

  // --- the builds

  /** The two clusters' records in the lab's DNS, as a site's DNS administrator makes them before the builds. */
  /**
   * The clusters' records, and clone copies longer than a restart of Dunes (its jobs are taken again
   * 15 s after the kill): at "vsphere:clone started" the next node finds the copy still running.
   */
  private static Map<String, String> labProperties() {
    Map<String, String> properties = clusterRecords();
    properties.put("dunes.lab.vsphere.clone-duration", "45s");
    return properties;
  }

  private static Map<String, String> clusterRecords() {
    Map<String, String> records = new LinkedHashMap<>();
    for (String cluster : List.of("vcvco:10", "vcvcb:13")) {
      String[] c = cluster.split(":");
      int base = Integer.parseInt(c[1]);
      for (int i = 0; i <= 2; i++) {
        records.put("dunes.lab.hosts." + c[0] + (i == 0 ? "" : String.valueOf(i)) + ".lab.local",
            "127.0." + OCTET + "." + (base + i));
      }
    }
    return records;
  }

  /** The README's example request at this suite's addresses: cluster {@code name} at .{@code base}, nodes at the next two. */
  private String request(String ticket, String name, int base) throws Exception {
    ObjectNode request = ExampleRequest.withTicket(ticket, lab.dns());
    ExampleRequest.node(request, "cluster").put("name", name).put("fqdn", name + ".lab.local")
        .put("virtualIp", lab.address(base));
    ArrayNode nodes = request.putArray("nodes");
    for (int i = 1; i <= 2; i++) {
      nodes.addObject().put("name", name + i).put("fqdn", name + i + ".lab.local").put("ip", lab.address(base + i))
          .put("netmask", "255.255.255.0").put("gateway", lab.address(1));
    }
    ExampleRequest.node(request, "vcenter").put("url", "https://vcenter.lab.local:" + LabProcess.VCENTER_PORT + "/sdk");
    ExampleRequest.node(request, "sso").put("port", LabProcess.PORT);
    ExampleRequest.node(request, "ca").put("url", "https://ca.lab.local:" + LabProcess.PORT + "/certsrv");
    ExampleRequest.node(request, "edge").put("managerUrl", "https://vsm.lab.local:" + LabProcess.PORT);
    request.put("startDelaySeconds", 10);
    return request.toString();
  }

  private static void assertStarted(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 204);
  }

  /** Build B's load balancer is being made: the edge has a virtual server of it (the undo has one to delete). */
  private boolean loadBalancerUp(String cluster) {
    return lab.journal().stream().filter(e -> e.system().equals("edge") && e.operation().startsWith("add-virtual")
        && e.detail().contains(cluster)).count() >= 1;
  }

  private static JsonNode history(RemoteOperator people, DunesNode node, String ticket) {
    try {
      HttpResponse<String> answer = people.send(node.base(), "GET", "/engine-rest/history/process-instance"
          + "?processDefinitionKey=VcoHaBuild&processInstanceBusinessKey=" + ticket, null, "admin");
      JsonNode list = answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createArrayNode();
      return list.size() == 1 ? list.get(0) : null;
    } catch (IOException | InterruptedException nodeDown) {
      return null;
    }
  }

  private static boolean ended(RemoteOperator people, DunesNode node, String ticket) {
    JsonNode build = history(people, node, ticket);
    return build != null && !build.path("endTime").isNull() && !build.path("endTime").isMissingNode();
  }

  /** The end event the build reached, from the engine's history. */
  private static String endActivity(RemoteOperator people, DunesNode node, String ticket) throws Exception {
    JsonNode build = history(people, node, ticket);
    if (build == null) {
      return "none";
    }
    HttpResponse<String> ends = people.send(node.base(), "GET", "/engine-rest/history/activity-instance?activityType="
        + "noneEndEvent&processInstanceId=" + build.path("id").asText(), null, "admin");
    List<String> reached = new ArrayList<>();
    JSON.readTree(ends.body()).forEach(end -> {
      if (end.path("parentActivityInstanceId").asText().equals(build.path("id").asText())) { // the build's own, not a subprocess's
        reached.add(end.path("activityId").asText());
      }
    });
    return build.path("state").asText() + " " + String.join(",", reached);
  }

  /**
   * The approver's answer when Dunes lost the CA's answer to a CSR: looks in the CA's request
   * database (its console's stand-in) for the request whose key is the one the task names.
   */
  private Map<String, Object> findAtTheCa(JsonNode task) {
    try {
      HttpResponse<String> key = people.send(node.base(), "GET", "/engine-rest/task/" + task.path("id").asText()
          + "/variables/certificateKeySha256", null, "approver");
      String wanted = JSON.readTree(key.body()).path("value").asText();
      Map<Long, Long> found = new LinkedHashMap<>();
      caRequests().forEach((id, request) -> {
        if (wanted.equals(request.keySha256())) {
          found.put(id, id);
        }
      });
      LOG.info("the approver looks for key {} at the CA: requests {}", wanted, found.keySet());
      return found.size() == 1 ? Map.of("submissionFinding", "found", "foundRequestId", found.keySet().iterator().next())
          : Map.of("submissionFinding", "none");
    } catch (Exception e) {
      throw new IllegalStateException("cannot look at the CA", e);
    }
  }

  /** A request in the lab CA's database: its subject, its key, and which certificate it is (SANs: the client one). */
  record CaRequest(String subject, String keySha256, String kind) {}

  /** The lab CA's requests by id, as its database keeps them (the last row of an id wins). */
  private Map<Long, CaRequest> caRequests() throws Exception {
    Map<Long, CaRequest> requests = new TreeMap<>();
    java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
    for (String line : Files.readAllLines(lab.state().resolve("ca").resolve("requests.jsonl"))) {
      JsonNode row = JSON.readTree(line);
      String subject = row.path("subject").asText();
      if (row.hasNonNull("certificate")) {
        java.security.cert.X509Certificate issued = (java.security.cert.X509Certificate) x509.generateCertificate(
            new java.io.ByteArrayInputStream(row.path("certificate").asText().getBytes(StandardCharsets.US_ASCII)));
        requests.put(row.path("id").asLong(), new CaRequest(subject, dunes.pki.Fingerprints.publicKeySha256(
            issued.getPublicKey()), issued.getSubjectAlternativeNames() == null ? "package-signing" : "client"));
      } else {
        requests.put(row.path("id").asLong(), new CaRequest(subject, null, "not issued"));
      }
    }
    return requests;
  }


  // --- what the lab saw

  /**
   * Per intended change, how many times beyond once the lab journal shows its effect: node 1's
   * first boot from the OVF (one import) and node 2's cloned disk (one clone) per build, one CA
   * request per certificate at the CA (its
   * database: subject, and SANs for the client certificate, none for the package-signing one), one pool and one virtual server per port and build, one vApp
   * per build.
   */
  static Map<String, Long> duplicates(List<LabJournal.Entry> journal, Map<Long, CaRequest> ca) {
    Map<String, Long> counts = new TreeMap<>();
    ca.values().forEach(request -> counts.merge("csr " + request.kind() + " " + request.subject(), 1L, Long::sum));
    for (LabJournal.Entry e : journal) {
      String change = switch (e.system() + " " + e.operation()) {
        case "node first-boot" -> "import " + e.target();
        case "node disk-cloned" -> "clone " + e.target();
        case "edge add-pool" -> "pool " + e.detail().replaceAll("^\\S+\\s+", "");
        case "edge add-virtualServer", "edge add-virtual-server" -> "virtual server " + e.detail().replaceAll("^\\S+\\s+", "");
        case "vsphere vapp-seen" -> "vapp " + e.target();
        default -> null;
      };
      if (change != null) {
        counts.merge(change, 1L, Long::sum);
      }
    }
    LOG.info("effects in the lab journal: {}", counts);
    return counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, c -> c.getValue() - 1,
        (a, b) -> a, TreeMap::new));
  }

  /**
   * Whether each VM, vApp, pool and virtual server the builds made is still there at the end, by
   * the lab journal's last word on it (vm-destroyed, vapp-gone, delete-pool/-virtual-server by id).
   */
  static Map<String, Boolean> present(List<LabJournal.Entry> journal) {
    Map<String, Boolean> present = new TreeMap<>();
    Map<String, String> edgeNames = new java.util.HashMap<>(); // pool-4 -> pool vcvcb-8281
    for (LabJournal.Entry e : journal) {
      String[] detail = e.detail().split(" ", 2);
      switch (e.system() + " " + e.operation()) {
        case "node first-boot", "node disk-cloned" -> present.put("vm " + e.target(), true);
        case "node vm-destroyed" -> present.computeIfPresent("vm " + e.target(), (k, v) -> false);
        case "vsphere vapp-seen" -> present.put("vapp " + e.target(), true);
        case "vsphere vapp-gone" -> present.put("vapp " + e.target(), false);
        case "edge add-pool", "edge add-virtual-server" -> {
          edgeNames.put(detail[0], e.operation().substring(4) + " " + detail[1]);
          present.put(e.operation().substring(4) + " " + detail[1], true);
        }
        case "edge delete-pool", "edge delete-virtual-server" -> {
          if (edgeNames.containsKey(detail[0])) {
            present.put(edgeNames.get(detail[0]), false);
          }
        }
        default -> { }
      }
    }
    LOG.info("there at the end: {}", present);
    return present;
  }




}
